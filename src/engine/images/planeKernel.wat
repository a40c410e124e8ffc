;; Operations on single-channel planes, four samples at a time: window sums (planes.ts), the guided
;; filter built on them (guidedFilter.ts), bilinear sampling along offsets, central differences and
;; the Lucas–Kanade update of the motion estimate (temporal/opticalFlow.ts). Built into
;; planeKernelBinary.ts by scripts/build-wasm.js. Offsets in bytes; values f32. A plane's last
;; vector may run up to three samples past its end: every plane written here has four samples of
;; room after it.
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
  ;; `src` sampled bilinearly at (x + u, y + v) for each sample (x, y) of the width×height offset
  ;; planes `u` and `v` (positions clamped into the plane), into `out`. A sample and its right-hand
  ;; neighbour come in one 8-byte load, the row below a row further: at the last column or row that
  ;; neighbour's weight is exactly 0, so a read past `src`'s edge (into the memory after it) adds nothing.
  (func $remap (export "remap") (param $src i32) (param $u i32) (param $v i32) (param $out i32) (param $width i32) (param $height i32)
    (local $y i32) (local $x i32) (local $o i32) (local $rowBytes i32) (local $xs v128) (local $ys v128) (local $maxX v128) (local $maxY v128)
    (local $px v128) (local $py v128) (local $p v128) (local $x0 v128) (local $y0 v128) (local $top v128) (local $at i32)
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    (local.set $maxX (f32x4.splat (f32.convert_i32_u (i32.sub (local.get $width) (i32.const 1)))))
    (local.set $maxY (f32x4.splat (f32.convert_i32_u (i32.sub (local.get $height) (i32.const 1)))))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $y) (local.get $height)))
        (local.set $o (i32.mul (local.get $y) (local.get $rowBytes)))
        (local.set $ys (f32x4.splat (f32.convert_i32_u (local.get $y))))
        (local.set $xs (v128.const f32x4 0 1 2 3))
        (local.set $x (i32.const 0))
        (block $samplesDone
          (loop $samples
            (br_if $samplesDone (i32.ge_u (local.get $x) (local.get $rowBytes)))
            (local.set $at (i32.add (local.get $o) (local.get $x)))
            (local.set $px (f32x4.pmin (local.get $maxX) (f32x4.pmax (v128.const f32x4 0 0 0 0)
              (f32x4.add (local.get $xs) (v128.load (i32.add (local.get $u) (local.get $at)))))))
            (local.set $py (f32x4.pmin (local.get $maxY) (f32x4.pmax (v128.const f32x4 0 0 0 0)
              (f32x4.add (local.get $ys) (v128.load (i32.add (local.get $v) (local.get $at)))))))
            (local.set $x0 (i32x4.trunc_sat_f32x4_s (local.get $px)))
            (local.set $y0 (i32x4.trunc_sat_f32x4_s (local.get $py)))
            (local.set $px (f32x4.sub (local.get $px) (f32x4.convert_i32x4_s (local.get $x0))))
            (local.set $py (f32x4.sub (local.get $py) (f32x4.convert_i32x4_s (local.get $y0))))
            (local.set $p (i32x4.add (i32x4.splat (local.get $src))
              (i32x4.shl (i32x4.add (i32x4.mul (local.get $y0) (i32x4.splat (local.get $width))) (local.get $x0)) (i32.const 2))))
            (local.set $top (call $pairs (local.get $p) (local.get $px)))
            (v128.store (i32.add (local.get $out) (local.get $at))
              (f32x4.add (local.get $top) (f32x4.mul (local.get $py)
                (f32x4.sub (call $pairs (i32x4.add (local.get $p) (i32x4.splat (local.get $rowBytes))) (local.get $px)) (local.get $top)))))
            (local.set $xs (f32x4.add (local.get $xs) (v128.const f32x4 4 4 4 4)))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (br $samples)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $rows))))
  ;; The four samples at addresses `p` and their right-hand neighbours (one 8-byte load each), interpolated by `fx`.
  (func $pairs (param $p v128) (param $fx v128) (result v128)
    (local $a v128) (local $b v128) (local $left v128)
    (local.set $a (v128.load64_lane 1 (i32x4.extract_lane 1 (local.get $p)) (v128.load64_zero (i32x4.extract_lane 0 (local.get $p)))))
    (local.set $b (v128.load64_lane 1 (i32x4.extract_lane 3 (local.get $p)) (v128.load64_zero (i32x4.extract_lane 2 (local.get $p)))))
    (local.set $left (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $a) (local.get $b)))
    (f32x4.add (local.get $left) (f32x4.mul (local.get $fx)
      (f32x4.sub (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $a) (local.get $b)) (local.get $left)))))
  ;; Central differences of the width×height plane at `src` into `gx` and `gy`: half the difference of
  ;; the two neighbours, or at an edge the difference to the one neighbour (0 without one).
  (func (export "gradients") (param $src i32) (param $gx i32) (param $gy i32) (param $width i32) (param $height i32)
    (local $y i32) (local $x i32) (local $rowBytes i32) (local $row i32) (local $up i32) (local $down i32) (local $scale v128) (local $last i32)
    (local $source i32) (local $across i32)
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    (local.set $last (i32.sub (local.get $rowBytes) (i32.const 4)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $y) (local.get $height)))
        (local.set $row (i32.mul (local.get $y) (local.get $rowBytes)))
        ;; Down: the rows above and below (the row itself at an edge), halved when both exist.
        (local.set $up (select (i32.sub (local.get $row) (local.get $rowBytes)) (local.get $row) (i32.gt_u (local.get $y) (i32.const 0))))
        (local.set $down (select (i32.add (local.get $row) (local.get $rowBytes)) (local.get $row)
          (i32.lt_u (i32.add (local.get $y) (i32.const 1)) (local.get $height))))
        (local.set $scale (select (v128.const f32x4 0.5 0.5 0.5 0.5) (v128.const f32x4 1 1 1 1)
          (i32.eq (i32.sub (local.get $down) (local.get $up)) (i32.shl (local.get $rowBytes) (i32.const 1)))))
        (local.set $x (i32.const 0))
        (block $downDone
          (loop $downSamples
            (br_if $downDone (i32.ge_u (local.get $x) (local.get $rowBytes)))
            (v128.store (i32.add (i32.add (local.get $gy) (local.get $row)) (local.get $x))
              (f32x4.mul (local.get $scale) (f32x4.sub (v128.load (i32.add (i32.add (local.get $src) (local.get $down)) (local.get $x)))
                (v128.load (i32.add (i32.add (local.get $src) (local.get $up)) (local.get $x))))))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (br $downSamples)))
        ;; Across: inner samples four at a time, then the rest one at a time; the two edges last.
        (local.set $source (i32.add (local.get $src) (local.get $row)))
        (local.set $across (i32.add (local.get $gx) (local.get $row)))
        (local.set $x (i32.const 4))
        (block $acrossDone
          (loop $acrossSamples
            (br_if $acrossDone (i32.ge_s (local.get $x) (local.get $last)))
            (if (i32.le_s (i32.add (local.get $x) (i32.const 16)) (local.get $last))
              (then
                (v128.store (i32.add (local.get $across) (local.get $x)) (f32x4.mul (v128.const f32x4 0.5 0.5 0.5 0.5)
                  (f32x4.sub (v128.load offset=4 (i32.add (local.get $source) (local.get $x))) (v128.load (i32.sub (i32.add (local.get $source) (local.get $x)) (i32.const 4))))))
                (local.set $x (i32.add (local.get $x) (i32.const 16))))
              (else
                (f32.store (i32.add (local.get $across) (local.get $x)) (f32.mul (f32.const 0.5)
                  (f32.sub (f32.load offset=4 (i32.add (local.get $source) (local.get $x))) (f32.load (i32.sub (i32.add (local.get $source) (local.get $x)) (i32.const 4))))))
                (local.set $x (i32.add (local.get $x) (i32.const 4)))))
            (br $acrossSamples)))
        (f32.store (local.get $across) (select (f32.sub (f32.load offset=4 (local.get $source)) (f32.load (local.get $source))) (f32.const 0)
          (i32.gt_u (local.get $width) (i32.const 1))))
        (if (i32.gt_u (local.get $width) (i32.const 1))
          (then (f32.store (i32.add (local.get $across) (local.get $last))
            (f32.sub (f32.load (i32.add (local.get $source) (local.get $last))) (f32.load (i32.sub (i32.add (local.get $source) (local.get $last)) (i32.const 4)))))))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $rows))))
  ;; One Lucas–Kanade update of the motion (`u`, `v`) from `from` to the other frame warped along it
  ;; (`warped`), with both frames' gradients: per sample the averaged gradient (gx, gy) and the change
  ;; gt = warped - from, their products gx², gx gy, gy², gx gt, gy gt summed over (2 radius + 1)²
  ;; windows into the five `tensor` planes (`planeBytes` apart), then the regularised least-squares
  ;; step (`floor` added to the diagonal), at most `maxStep` each way, added to u and v. `rows` and
  ;; `padded`: the window sums' working planes.
  (func (export "lucasKanade")
    (param $from i32) (param $warped i32) (param $fromGx i32) (param $fromGy i32) (param $warpedGx i32) (param $warpedGy i32)
    (param $tensor i32) (param $planeBytes i32) (param $u i32) (param $v i32) (param $rows i32) (param $padded i32)
    (param $width i32) (param $height i32) (param $radius i32) (param $floor f32) (param $maxStep f32)
    (local $i i32) (local $end i32) (local $t i32) (local $gx v128) (local $gy v128) (local $gt v128)
    (local $a v128) (local $b v128) (local $c v128) (local $xt v128) (local $yt v128) (local $det v128) (local $step v128)
    (local.set $end (i32.shl (i32.mul (local.get $width) (local.get $height)) (i32.const 2)))
    (block $done
      (loop $products
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $gx (f32x4.mul (v128.const f32x4 0.5 0.5 0.5 0.5)
          (f32x4.add (v128.load (i32.add (local.get $fromGx) (local.get $i))) (v128.load (i32.add (local.get $warpedGx) (local.get $i))))))
        (local.set $gy (f32x4.mul (v128.const f32x4 0.5 0.5 0.5 0.5)
          (f32x4.add (v128.load (i32.add (local.get $fromGy) (local.get $i))) (v128.load (i32.add (local.get $warpedGy) (local.get $i))))))
        (local.set $gt (f32x4.sub (v128.load (i32.add (local.get $warped) (local.get $i))) (v128.load (i32.add (local.get $from) (local.get $i)))))
        (local.set $t (i32.add (local.get $tensor) (local.get $i)))
        (v128.store (local.get $t) (f32x4.mul (local.get $gx) (local.get $gx)))
        (local.set $t (i32.add (local.get $t) (local.get $planeBytes)))
        (v128.store (local.get $t) (f32x4.mul (local.get $gx) (local.get $gy)))
        (local.set $t (i32.add (local.get $t) (local.get $planeBytes)))
        (v128.store (local.get $t) (f32x4.mul (local.get $gy) (local.get $gy)))
        (local.set $t (i32.add (local.get $t) (local.get $planeBytes)))
        (v128.store (local.get $t) (f32x4.mul (local.get $gx) (local.get $gt)))
        (local.set $t (i32.add (local.get $t) (local.get $planeBytes)))
        (v128.store (local.get $t) (f32x4.mul (local.get $gy) (local.get $gt)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $products)))
    (local.set $t (local.get $tensor))
    (block $summed
      (loop $sums
        (br_if $summed (i32.ge_u (local.get $t) (i32.add (local.get $tensor) (i32.mul (local.get $planeBytes) (i32.const 5)))))
        (call $boxSum (local.get $t) (local.get $t) (local.get $rows) (local.get $padded)
          (local.get $width) (local.get $height) (local.get $radius) (local.get $radius) (f32.const 1))
        (local.set $t (i32.add (local.get $t) (local.get $planeBytes)))
        (br $sums)))
    (local.set $i (i32.const 0))
    (block $done
      (loop $steps
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $t (i32.add (local.get $tensor) (local.get $i)))
        (local.set $a (f32x4.add (v128.load (local.get $t)) (f32x4.splat (local.get $floor))))
        (local.set $b (v128.load (i32.add (local.get $t) (local.get $planeBytes))))
        (local.set $c (f32x4.add (v128.load (i32.add (local.get $t) (i32.shl (local.get $planeBytes) (i32.const 1)))) (f32x4.splat (local.get $floor))))
        (local.set $xt (v128.load (i32.add (local.get $t) (i32.mul (local.get $planeBytes) (i32.const 3)))))
        (local.set $yt (v128.load (i32.add (local.get $t) (i32.shl (local.get $planeBytes) (i32.const 2)))))
        (local.set $det (f32x4.sub (f32x4.mul (local.get $a) (local.get $c)) (f32x4.mul (local.get $b) (local.get $b))))
        (local.set $step (call $clamp (f32x4.neg (f32x4.div (f32x4.sub (f32x4.mul (local.get $c) (local.get $xt)) (f32x4.mul (local.get $b) (local.get $yt))) (local.get $det)))
          (local.get $maxStep)))
        (v128.store (i32.add (local.get $u) (local.get $i)) (f32x4.add (v128.load (i32.add (local.get $u) (local.get $i))) (local.get $step)))
        (local.set $step (call $clamp (f32x4.neg (f32x4.div (f32x4.sub (f32x4.mul (local.get $a) (local.get $yt)) (f32x4.mul (local.get $b) (local.get $xt))) (local.get $det)))
          (local.get $maxStep)))
        (v128.store (i32.add (local.get $v) (local.get $i)) (f32x4.add (v128.load (i32.add (local.get $v) (local.get $i))) (local.get $step)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $steps))))
  ;; `value` clamped into [-limit, limit].
  (func $clamp (param $value v128) (param $limit f32) (result v128)
    (f32x4.pmax (f32x4.neg (f32x4.splat (local.get $limit))) (f32x4.pmin (f32x4.splat (local.get $limit)) (local.get $value))))
)
