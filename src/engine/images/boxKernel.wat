;; Window sums over planes (planes.ts, boxSumInto) and the guided filter built on them (guidedFilter.ts),
;; four samples at a time. Built into boxKernelBinary.ts by scripts/build-wasm.js. Offsets in bytes;
;; values f32. A plane's last vector may run up to three samples past its end: every plane written
;; here has four samples of room after it.
(module
  (import "env" "memory" (memory 1))
  ;; The sums of the width×height plane at `src` over the window [x-before, x+after] × [y-before, y+after]
  ;; (edge samples repeated outside), divided by `divisor`, into `out` (which may be `src`). Each sum
  ;; adds its terms in order, left to right, then top to bottom. `rows` (a plane) holds the sums across;
  ;; `padded`, a row with the edges repeated (width + before + after + 3 samples).
  (func $boxSum (export "boxSum")
    (param $src i32) (param $out i32) (param $rows i32) (param $padded i32)
    (param $width i32) (param $height i32) (param $before i32) (param $after i32) (param $divisor f32)
    (local $y i32) (local $x i32) (local $d i32) (local $rowBytes i32) (local $taps i32) (local $from i32) (local $to i32)
    (local $edge f32) (local $sum v128)
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    (local.set $taps (i32.add (i32.add (local.get $before) (local.get $after)) (i32.const 1)))
    ;; Across, row by row, from the row with its edges repeated.
    (block $acrossDone
      (loop $across
        (br_if $acrossDone (i32.ge_u (local.get $y) (local.get $height)))
        (local.set $from (i32.add (local.get $src) (i32.mul (local.get $y) (local.get $rowBytes))))
        (local.set $to (i32.add (local.get $padded) (i32.shl (local.get $before) (i32.const 2))))
        (call $copy (local.get $from) (local.get $to) (local.get $rowBytes))
        (call $fill (local.get $padded) (f32.load (local.get $from)) (local.get $before))
        (call $fill (i32.add (local.get $to) (local.get $rowBytes))
          (f32.load (i32.sub (i32.add (local.get $from) (local.get $rowBytes)) (i32.const 4))) (i32.add (local.get $after) (i32.const 3)))
        (local.set $to (i32.add (local.get $rows) (i32.mul (local.get $y) (local.get $rowBytes))))
        (local.set $x (i32.const 0))
        (block $samplesDone
          (loop $samples
            (br_if $samplesDone (i32.ge_u (local.get $x) (local.get $rowBytes)))
            (local.set $from (i32.add (local.get $padded) (local.get $x)))
            (local.set $sum (v128.load (local.get $from)))
            (local.set $d (i32.const 1))
            (block $tapsDone
              (loop $terms
                (br_if $tapsDone (i32.ge_u (local.get $d) (local.get $taps)))
                (local.set $sum (f32x4.add (local.get $sum) (v128.load (i32.add (local.get $from) (i32.shl (local.get $d) (i32.const 2))))))
                (local.set $d (i32.add (local.get $d) (i32.const 1)))
                (br $terms)))
            (v128.store (i32.add (local.get $to) (local.get $x)) (local.get $sum))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (br $samples)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $across)))
    ;; Down: each output row is the first row of its window, plus the others in turn, then divided.
    (local.set $y (i32.const 0))
    (block $downDone
      (loop $down
        (br_if $downDone (i32.ge_u (local.get $y) (local.get $height)))
        (local.set $to (i32.add (local.get $out) (i32.mul (local.get $y) (local.get $rowBytes))))
        (call $copy (call $rowAt (local.get $rows) (i32.sub (local.get $y) (local.get $before)) (local.get $height) (local.get $rowBytes))
          (local.get $to) (local.get $rowBytes))
        (local.set $d (i32.const 1))
        (block $tapsDone
          (loop $terms
            (br_if $tapsDone (i32.ge_u (local.get $d) (local.get $taps)))
            (local.set $from
              (call $rowAt (local.get $rows) (i32.add (i32.sub (local.get $y) (local.get $before)) (local.get $d)) (local.get $height) (local.get $rowBytes)))
            (local.set $x (i32.const 0))
            (block $samplesDone
              (loop $samples
                (br_if $samplesDone (i32.ge_u (local.get $x) (local.get $rowBytes)))
                (v128.store (i32.add (local.get $to) (local.get $x))
                  (f32x4.add (v128.load (i32.add (local.get $to) (local.get $x))) (v128.load (i32.add (local.get $from) (local.get $x)))))
                (local.set $x (i32.add (local.get $x) (i32.const 16)))
                (br $samples)))
            (local.set $d (i32.add (local.get $d) (i32.const 1)))
            (br $terms)))
        (local.set $x (i32.const 0))
        (block $samplesDone
          (loop $samples
            (br_if $samplesDone (i32.ge_u (local.get $x) (local.get $rowBytes)))
            (v128.store (i32.add (local.get $to) (local.get $x))
              (f32x4.div (v128.load (i32.add (local.get $to) (local.get $x))) (f32x4.splat (local.get $divisor))))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (br $samples)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $down))))
  ;; Row `y` (clamped into 0..height-1) of the plane at `plane`.
  (func $rowAt (param $plane i32) (param $y i32) (param $height i32) (param $rowBytes i32) (result i32)
    (i32.add (local.get $plane) (i32.mul (local.get $rowBytes)
      (select (i32.const 0) (select (i32.sub (local.get $height) (i32.const 1)) (local.get $y) (i32.ge_s (local.get $y) (local.get $height)))
        (i32.lt_s (local.get $y) (i32.const 0))))))
  ;; `bytes` (rounded up to 16) copied from `from` to `to`.
  (func $copy (param $from i32) (param $to i32) (param $bytes i32)
    (local $x i32)
    (block $done
      (loop $vectors
        (br_if $done (i32.ge_u (local.get $x) (local.get $bytes)))
        (v128.store (i32.add (local.get $to) (local.get $x)) (v128.load (i32.add (local.get $from) (local.get $x))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (br $vectors))))
  ;; `count` copies of `value` from `to` on.
  (func $fill (param $to i32) (param $value f32) (param $count i32)
    (block $done
      (loop $samples
        (br_if $done (i32.eqz (local.get $count)))
        (f32.store (local.get $to) (local.get $value))
        (local.set $to (i32.add (local.get $to) (i32.const 4)))
        (local.set $count (i32.sub (local.get $count) (i32.const 1)))
        (br $samples))))
  ;; The guided filter's guide statistics over (2 radius + 1)² windows: `mean` = mean of the guide,
  ;; `variance` = mean of guide² - mean². Planes of n = width * height samples.
  (func (export "guide")
    (param $guide i32) (param $mean i32) (param $variance i32) (param $rows i32) (param $padded i32)
    (param $width i32) (param $height i32) (param $radius i32)
    (local $i i32) (local $end i32) (local $area f32) (local $g v128) (local $m v128)
    (local.set $area (call $area (local.get $radius)))
    (local.set $end (i32.shl (i32.mul (local.get $width) (local.get $height)) (i32.const 2)))
    (call $boxSum (local.get $guide) (local.get $mean) (local.get $rows) (local.get $padded)
      (local.get $width) (local.get $height) (local.get $radius) (local.get $radius) (local.get $area))
    (block $done
      (loop $samples
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $g (v128.load (i32.add (local.get $guide) (local.get $i))))
        (v128.store (i32.add (local.get $variance) (local.get $i)) (f32x4.mul (local.get $g) (local.get $g)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $samples)))
    (call $boxSum (local.get $variance) (local.get $variance) (local.get $rows) (local.get $padded)
      (local.get $width) (local.get $height) (local.get $radius) (local.get $radius) (local.get $area))
    (local.set $i (i32.const 0))
    (block $done
      (loop $samples
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $m (v128.load (i32.add (local.get $mean) (local.get $i))))
        (v128.store (i32.add (local.get $variance) (local.get $i))
          (f32x4.sub (v128.load (i32.add (local.get $variance) (local.get $i))) (f32x4.mul (local.get $m) (local.get $m))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $samples))))
  ;; `values` filtered in place with the guide's statistics: per window the fit a guide + b
  ;; (a = (mean(guide values) - mean mean(values)) / (variance + epsilon), b = mean(values) - a mean),
  ;; then each sample a' guide + b' with a', b' the window means of a and b. `product`, `slope` and
  ;; `offset`: working planes.
  (func (export "smooth")
    (param $values i32) (param $guide i32) (param $mean i32) (param $variance i32) (param $product i32) (param $slope i32) (param $offset i32)
    (param $rows i32) (param $padded i32) (param $width i32) (param $height i32) (param $radius i32) (param $epsilon f32)
    (local $i i32) (local $end i32) (local $area f32) (local $a v128) (local $m v128) (local $b v128)
    (local.set $area (call $area (local.get $radius)))
    (local.set $end (i32.shl (i32.mul (local.get $width) (local.get $height)) (i32.const 2)))
    (block $done
      (loop $samples
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (v128.store (i32.add (local.get $product) (local.get $i))
          (f32x4.mul (v128.load (i32.add (local.get $guide) (local.get $i))) (v128.load (i32.add (local.get $values) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $samples)))
    (call $boxSum (local.get $product) (local.get $product) (local.get $rows) (local.get $padded)
      (local.get $width) (local.get $height) (local.get $radius) (local.get $radius) (local.get $area))
    (call $boxSum (local.get $values) (local.get $offset) (local.get $rows) (local.get $padded)
      (local.get $width) (local.get $height) (local.get $radius) (local.get $radius) (local.get $area))
    (local.set $i (i32.const 0))
    (block $done
      (loop $samples
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $m (v128.load (i32.add (local.get $mean) (local.get $i))))
        (local.set $b (v128.load (i32.add (local.get $offset) (local.get $i))))
        (local.set $a (f32x4.div
          (f32x4.sub (v128.load (i32.add (local.get $product) (local.get $i))) (f32x4.mul (local.get $m) (local.get $b)))
          (f32x4.add (v128.load (i32.add (local.get $variance) (local.get $i))) (f32x4.splat (local.get $epsilon)))))
        (v128.store (i32.add (local.get $slope) (local.get $i)) (local.get $a))
        (v128.store (i32.add (local.get $offset) (local.get $i)) (f32x4.sub (local.get $b) (f32x4.mul (local.get $a) (local.get $m))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $samples)))
    (call $boxSum (local.get $slope) (local.get $slope) (local.get $rows) (local.get $padded)
      (local.get $width) (local.get $height) (local.get $radius) (local.get $radius) (local.get $area))
    (call $boxSum (local.get $offset) (local.get $offset) (local.get $rows) (local.get $padded)
      (local.get $width) (local.get $height) (local.get $radius) (local.get $radius) (local.get $area))
    (local.set $i (i32.const 0))
    (block $done
      (loop $samples
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (v128.store (i32.add (local.get $values) (local.get $i))
          (f32x4.add (f32x4.mul (v128.load (i32.add (local.get $slope) (local.get $i))) (v128.load (i32.add (local.get $guide) (local.get $i))))
            (v128.load (i32.add (local.get $offset) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $samples))))
  ;; (2 radius + 1)², the samples of a window.
  (func $area (param $radius i32) (result f32)
    (local $side i32)
    (local.set $side (i32.add (i32.shl (local.get $radius) (i32.const 1)) (i32.const 1)))
    (f32.convert_i32_u (i32.mul (local.get $side) (local.get $side))))
)
