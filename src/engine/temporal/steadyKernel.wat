;; The stabilizer's two passes over the full-size samples (steadyBlend.ts), four samples at a time:
;; `blend`, the previous output warped along the motion and blended into the new stylized frame, and
;; `restoreDetail`, the blend's luma detail scaled by the detail gain, with the luma's curvature.
;; Built into steadyKernelBinary.ts by scripts/build-wasm.js. Offsets are in bytes; values f32.
;; A bilinear read takes a sample and its right-hand neighbour with one 8-byte load, and the row
;; below at a row's distance: at the frame's last column or row that neighbour's weight is exactly 0,
;; so a read past the plane's edge (into the next plane, or the padding after the last) adds nothing.
(module
  (import "env" "memory" (memory 1))
  ;; Row by row (n = width * height samples a plane), for each sample (x, y):
  ;;   u, v, t interpolate motion rows first[y] and second[y] (i32; width values each, the u rows at
  ;;   `motion`, the v and t rows `motionBytes` and twice that further) by weight[y];
  ;;   (px, py) = (x + factor u, y + factor v) clamped into the frame, (x0, y0) its integer part, (wx, wy) the rest;
  ;;   sharpen = -0.5 (wx (1 - wx) across + wy (1 - wy) down), both curvatures read bilinearly at (px, py);
  ;;   each channel c: out = current + carry t (previous read bilinearly + sharpen - base), into `out`;
  ;;   its luma into `luma`; and per cell of 4×4 samples, at `cells` (64 bytes a cell, ceil(width / 4)
  ;;   cells a row): the blend's luma sum and sum of squares, then the current frame's, each as two f64.
  ;; A row is worked plane by plane through six rows at `scratch` (ceil(width / 4) vectors each):
  ;; the read positions (byte offsets), wx, wy, carry t, then two rows of values read.
  (func (export "blend")
    (param $previous i32) (param $out i32) (param $luma i32) (param $current i32) (param $base i32)
    (param $across i32) (param $down i32) (param $motion i32) (param $motionBytes i32)
    (param $first i32) (param $second i32) (param $weight i32) (param $cells i32) (param $scratch i32)
    (param $width i32) (param $height i32) (param $factor f32) (param $carry f32)
    (local $y i32) (local $c i32) (local $rowBytes i32) (local $planeBytes i32) (local $stride i32) (local $o i32) (local $yAt i32)
    (local $sharpen i32) (local $read i32)
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    (local.set $planeBytes (i32.mul (local.get $rowBytes) (local.get $height)))
    (local.set $stride (i32.and (i32.add (local.get $rowBytes) (i32.const 15)) (i32.const -16)))
    (local.set $sharpen (i32.add (local.get $scratch) (i32.shl (local.get $stride) (i32.const 2))))
    (local.set $read (i32.add (local.get $sharpen) (local.get $stride)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $y) (local.get $height)))
        (local.set $o (i32.mul (local.get $y) (local.get $rowBytes)))
        (local.set $yAt (i32.shl (local.get $y) (i32.const 2)))
        (call $positions (local.get $scratch) (local.get $stride)
          (i32.add (local.get $motion) (i32.mul (i32.load (i32.add (local.get $first) (local.get $yAt))) (local.get $rowBytes)))
          (i32.add (local.get $motion) (i32.mul (i32.load (i32.add (local.get $second) (local.get $yAt))) (local.get $rowBytes)))
          (local.get $motionBytes) (f32.load (i32.add (local.get $weight) (local.get $yAt))) (local.get $y)
          (local.get $width) (local.get $height) (local.get $factor) (local.get $carry))
        (call $readRow (local.get $across) (local.get $scratch) (local.get $stride) (local.get $rowBytes) (local.get $sharpen))
        (call $readRow (local.get $down) (local.get $scratch) (local.get $stride) (local.get $rowBytes) (local.get $read))
        (call $sharpenRow (local.get $scratch) (local.get $stride))
        (local.set $c (i32.const 0))
        (block $channelsDone
          (loop $channels
            (br_if $channelsDone (i32.ge_u (local.get $c) (i32.mul (local.get $planeBytes) (i32.const 3))))
            (call $readRow (i32.add (local.get $previous) (local.get $c)) (local.get $scratch) (local.get $stride) (local.get $rowBytes) (local.get $read))
            (call $blendRow (local.get $scratch) (local.get $stride) (i32.add (i32.add (local.get $current) (local.get $c)) (local.get $o))
              (i32.add (i32.add (local.get $base) (local.get $c)) (local.get $o)) (i32.add (i32.add (local.get $out) (local.get $c)) (local.get $o)) (local.get $rowBytes))
            (local.set $c (i32.add (local.get $c) (local.get $planeBytes)))
            (br $channels)))
        (call $lumaRow (i32.add (local.get $out) (local.get $o)) (i32.add (local.get $current) (local.get $o)) (i32.add (local.get $luma) (local.get $o))
          (local.get $planeBytes) (local.get $width)
          (i32.add (local.get $cells) (i32.mul (i32.shr_u (local.get $y) (i32.const 2)) (i32.shl (local.get $stride) (i32.const 2)))))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $rows))))
  ;; Row y's read positions into the scratch rows: byte offsets of (x0, y0), then wx, wy and carry t.
  ;; `r0` and `r1`: the u rows that weight `fy` interpolates.
  (func $positions (param $scratch i32) (param $stride i32) (param $r0 i32) (param $r1 i32) (param $motionBytes i32) (param $fy f32) (param $y i32)
    (param $width i32) (param $height i32) (param $factor f32) (param $carry f32)
    (local $x i32) (local $fy4 v128) (local $xs v128) (local $ys v128) (local $factor4 v128) (local $maxX v128) (local $maxY v128)
    (local $px v128) (local $py v128) (local $x0 v128) (local $y0 v128) (local $a v128) (local $to i32)
    (local.set $fy4 (f32x4.splat (local.get $fy)))
    (local.set $xs (v128.const f32x4 0 1 2 3))
    (local.set $ys (f32x4.splat (f32.convert_i32_u (local.get $y))))
    (local.set $factor4 (f32x4.splat (local.get $factor)))
    (local.set $maxX (f32x4.splat (f32.convert_i32_u (i32.sub (local.get $width) (i32.const 1)))))
    (local.set $maxY (f32x4.splat (f32.convert_i32_u (i32.sub (local.get $height) (i32.const 1)))))
    (block $done
      (loop $samples
        (br_if $done (i32.ge_u (local.get $x) (local.get $stride)))
        ;; u, then v a motion plane on, then t: each row pair interpolated by fy.
        (local.set $a (v128.load (i32.add (local.get $r0) (local.get $x))))
        (local.set $px (f32x4.add (local.get $xs) (f32x4.mul (local.get $factor4)
          (f32x4.add (local.get $a) (f32x4.mul (local.get $fy4) (f32x4.sub (v128.load (i32.add (local.get $r1) (local.get $x))) (local.get $a)))))))
        (local.set $to (i32.add (local.get $x) (local.get $motionBytes)))
        (local.set $a (v128.load (i32.add (local.get $r0) (local.get $to))))
        (local.set $py (f32x4.add (local.get $ys) (f32x4.mul (local.get $factor4)
          (f32x4.add (local.get $a) (f32x4.mul (local.get $fy4) (f32x4.sub (v128.load (i32.add (local.get $r1) (local.get $to))) (local.get $a)))))))
        (local.set $to (i32.add (local.get $to) (local.get $motionBytes)))
        (local.set $a (v128.load (i32.add (local.get $r0) (local.get $to))))
        (v128.store (i32.add (i32.add (local.get $scratch) (i32.mul (local.get $stride) (i32.const 3))) (local.get $x))
          (f32x4.mul (f32x4.splat (local.get $carry))
            (f32x4.add (local.get $a) (f32x4.mul (local.get $fy4) (f32x4.sub (v128.load (i32.add (local.get $r1) (local.get $to))) (local.get $a))))))
        (local.set $px (f32x4.pmin (local.get $maxX) (f32x4.pmax (v128.const f32x4 0 0 0 0) (local.get $px))))
        (local.set $py (f32x4.pmin (local.get $maxY) (f32x4.pmax (v128.const f32x4 0 0 0 0) (local.get $py))))
        (local.set $x0 (i32x4.trunc_sat_f32x4_s (local.get $px)))
        (local.set $y0 (i32x4.trunc_sat_f32x4_s (local.get $py)))
        (v128.store (i32.add (local.get $scratch) (local.get $x))
          (i32x4.shl (i32x4.add (i32x4.mul (local.get $y0) (i32x4.splat (local.get $width))) (local.get $x0)) (i32.const 2)))
        (v128.store (i32.add (i32.add (local.get $scratch) (local.get $stride)) (local.get $x))
          (f32x4.sub (local.get $px) (f32x4.convert_i32x4_s (local.get $x0))))
        (v128.store (i32.add (i32.add (local.get $scratch) (i32.shl (local.get $stride) (i32.const 1))) (local.get $x))
          (f32x4.sub (local.get $py) (f32x4.convert_i32x4_s (local.get $y0))))
        (local.set $xs (f32x4.add (local.get $xs) (v128.const f32x4 4 4 4 4)))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (br $samples))))
  ;; The plane at `plane` read bilinearly at the scratch rows' positions, into the row at `to`. Each
  ;; sample and its right-hand neighbour come in one 8-byte load, the row below `rowBytes` further.
  (func $readRow (param $plane i32) (param $scratch i32) (param $stride i32) (param $rowBytes i32) (param $to i32)
    (local $x i32) (local $p v128) (local $wx v128) (local $o0 i32) (local $o1 i32) (local $o2 i32) (local $o3 i32)
    (local $a v128) (local $b v128) (local $left v128) (local $top v128)
    (block $done
      (loop $samples
        (br_if $done (i32.ge_u (local.get $x) (local.get $stride)))
        (local.set $p (i32x4.add (v128.load (i32.add (local.get $scratch) (local.get $x))) (i32x4.splat (local.get $plane))))
        (local.set $wx (v128.load (i32.add (i32.add (local.get $scratch) (local.get $stride)) (local.get $x))))
        (local.set $o0 (i32x4.extract_lane 0 (local.get $p)))
        (local.set $o1 (i32x4.extract_lane 1 (local.get $p)))
        (local.set $o2 (i32x4.extract_lane 2 (local.get $p)))
        (local.set $o3 (i32x4.extract_lane 3 (local.get $p)))
        (local.set $a (v128.load64_lane 1 (local.get $o1) (v128.load64_zero (local.get $o0))))
        (local.set $b (v128.load64_lane 1 (local.get $o3) (v128.load64_zero (local.get $o2))))
        (local.set $left (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $a) (local.get $b)))
        (local.set $top (f32x4.add (local.get $left) (f32x4.mul (local.get $wx)
          (f32x4.sub (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $a) (local.get $b)) (local.get $left)))))
        (local.set $a (v128.load64_lane 1 (i32.add (local.get $o1) (local.get $rowBytes)) (v128.load64_zero (i32.add (local.get $o0) (local.get $rowBytes)))))
        (local.set $b (v128.load64_lane 1 (i32.add (local.get $o3) (local.get $rowBytes)) (v128.load64_zero (i32.add (local.get $o2) (local.get $rowBytes)))))
        (local.set $left (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $a) (local.get $b)))
        (v128.store (i32.add (local.get $to) (local.get $x))
          (f32x4.add (local.get $top) (f32x4.mul (v128.load (i32.add (i32.add (local.get $scratch) (i32.shl (local.get $stride) (i32.const 1))) (local.get $x)))
            (f32x4.sub
              (f32x4.add (local.get $left) (f32x4.mul (local.get $wx)
                (f32x4.sub (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $a) (local.get $b)) (local.get $left))))
              (local.get $top)))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (br $samples))))
  ;; sharpen = -0.5 (wx (1 - wx) across + wy (1 - wy) down), over the across read (scratch row 4; down: row 5).
  (func $sharpenRow (param $scratch i32) (param $stride i32)
    (local $x i32) (local $wx v128) (local $wy v128) (local $at i32)
    (block $done
      (loop $samples
        (br_if $done (i32.ge_u (local.get $x) (local.get $stride)))
        (local.set $at (i32.add (local.get $scratch) (local.get $x)))
        (local.set $wx (v128.load (i32.add (local.get $at) (local.get $stride))))
        (local.set $wy (v128.load (i32.add (local.get $at) (i32.shl (local.get $stride) (i32.const 1)))))
        (local.set $at (i32.add (local.get $at) (i32.shl (local.get $stride) (i32.const 2))))
        (v128.store (local.get $at) (f32x4.mul (v128.const f32x4 -0.5 -0.5 -0.5 -0.5) (f32x4.add
          (f32x4.mul (f32x4.mul (local.get $wx) (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $wx))) (v128.load (local.get $at)))
          (f32x4.mul (f32x4.mul (local.get $wy) (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $wy))) (v128.load (i32.add (local.get $at) (local.get $stride)))))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (br $samples))))
  ;; One channel's row: out = current + t (read + sharpen - base), from scratch rows 3 (carry t), 4 (sharpen) and 5 (read).
  (func $blendRow (param $scratch i32) (param $stride i32) (param $current i32) (param $base i32) (param $out i32) (param $rowBytes i32)
    (local $x i32) (local $at i32) (local $value v128)
    (block $done
      (loop $samples
        (br_if $done (i32.ge_u (local.get $x) (local.get $rowBytes)))
        (local.set $at (i32.add (i32.add (local.get $scratch) (i32.mul (local.get $stride) (i32.const 3))) (local.get $x)))
        (local.set $value (f32x4.add (v128.load (i32.add (local.get $current) (local.get $x)))
          (f32x4.mul (v128.load (local.get $at)) (f32x4.sub
            (f32x4.add (v128.load (i32.add (local.get $at) (i32.shl (local.get $stride) (i32.const 1)))) (v128.load (i32.add (local.get $at) (local.get $stride))))
            (v128.load (i32.add (local.get $base) (local.get $x)))))))
        (if (i32.le_u (i32.add (local.get $x) (i32.const 16)) (local.get $rowBytes))
          (then (v128.store (i32.add (local.get $out) (local.get $x)) (local.get $value)))
          (else (call $storeFirst (i32.add (local.get $out) (local.get $x)) (local.get $value) (i32.sub (local.get $rowBytes) (local.get $x)))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (br $samples))))
  ;; The blend's row luma into `luma`, and both lumas (the blend at `out`, the new frame at `current`:
  ;; three channels each, `planeBytes` apart) summed into the row's cells at `cell`: per cell, two f64
  ;; pairs for the blend (its sum, its sum of squares), then two for the new frame.
  (func $lumaRow (param $out i32) (param $current i32) (param $luma i32) (param $planeBytes i32) (param $width i32) (param $cell i32)
    (local $x i32) (local $xs v128) (local $l v128) (local $inside v128) (local $rowBytes i32) (local $low v128) (local $high v128)
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    (local.set $xs (v128.const f32x4 0 1 2 3))
    (block $done
      (loop $samples
        (br_if $done (i32.ge_u (local.get $x) (local.get $rowBytes)))
        ;; Lanes past the row's end count in no cell.
        (local.set $inside (f32x4.lt (local.get $xs) (f32x4.splat (f32.convert_i32_u (local.get $width)))))
        (local.set $l (f32x4.add (f32x4.add (f32x4.mul (v128.const f32x4 0.2126 0.2126 0.2126 0.2126) (v128.load (i32.add (local.get $out) (local.get $x))))
          (f32x4.mul (v128.const f32x4 0.7152 0.7152 0.7152 0.7152) (v128.load (i32.add (i32.add (local.get $out) (local.get $planeBytes)) (local.get $x)))))
          (f32x4.mul (v128.const f32x4 0.0722 0.0722 0.0722 0.0722)
            (v128.load (i32.add (i32.add (local.get $out) (i32.shl (local.get $planeBytes) (i32.const 1))) (local.get $x))))))
        (if (i32.le_u (i32.add (local.get $x) (i32.const 16)) (local.get $rowBytes))
          (then (v128.store (i32.add (local.get $luma) (local.get $x)) (local.get $l)))
          (else (call $storeFirst (i32.add (local.get $luma) (local.get $x)) (local.get $l) (i32.sub (local.get $rowBytes) (local.get $x)))))
        (local.set $l (v128.and (local.get $l) (local.get $inside)))
        (local.set $low (f64x2.promote_low_f32x4 (local.get $l)))
        (local.set $high (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $l) (local.get $l))))
        (v128.store (local.get $cell) (f64x2.add (v128.load (local.get $cell)) (f64x2.add (local.get $low) (local.get $high))))
        (v128.store offset=16 (local.get $cell) (f64x2.add (v128.load offset=16 (local.get $cell))
          (f64x2.add (f64x2.mul (local.get $low) (local.get $low)) (f64x2.mul (local.get $high) (local.get $high)))))
        (local.set $l (v128.and (local.get $inside)
          (f32x4.add (f32x4.add (f32x4.mul (v128.const f32x4 0.2126 0.2126 0.2126 0.2126) (v128.load (i32.add (local.get $current) (local.get $x))))
            (f32x4.mul (v128.const f32x4 0.7152 0.7152 0.7152 0.7152) (v128.load (i32.add (i32.add (local.get $current) (local.get $planeBytes)) (local.get $x)))))
            (f32x4.mul (v128.const f32x4 0.0722 0.0722 0.0722 0.0722)
              (v128.load (i32.add (i32.add (local.get $current) (i32.shl (local.get $planeBytes) (i32.const 1))) (local.get $x)))))))
        (local.set $low (f64x2.promote_low_f32x4 (local.get $l)))
        (local.set $high (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $l) (local.get $l))))
        (v128.store offset=32 (local.get $cell) (f64x2.add (v128.load offset=32 (local.get $cell)) (f64x2.add (local.get $low) (local.get $high))))
        (v128.store offset=48 (local.get $cell) (f64x2.add (v128.load offset=48 (local.get $cell))
          (f64x2.add (f64x2.mul (local.get $low) (local.get $low)) (f64x2.mul (local.get $high) (local.get $high)))))
        (local.set $xs (f32x4.add (local.get $xs) (v128.const f32x4 4 4 4 4)))
        (local.set $cell (i32.add (local.get $cell) (i32.const 64)))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (br $samples))))
  ;; The lanes of `value` that fit in `bytes` (4 to 12) stored at `to`: a row's last samples stop at its end.
  (func $storeFirst (param $to i32) (param $value v128) (param $bytes i32)
    (v128.store32_lane 0 (local.get $to) (local.get $value))
    (if (i32.ge_u (local.get $bytes) (i32.const 8)) (then (v128.store32_lane offset=4 1 (local.get $to) (local.get $value))))
    (if (i32.ge_u (local.get $bytes) (i32.const 12)) (then (v128.store32_lane offset=8 2 (local.get $to) (local.get $value)))))
  ;; The area average over factor×factor cells (the last partial cells average what they have) of the
  ;; width×height plane at `src`, or with `channels` 3 of the Rec. 709 luma of the three planes from
  ;; `src` on (`planeBytes` apart; each luma computed in f64 and rounded to f32, as a luma plane holds
  ;; it), into the ceil(width / factor) × ceil(height / factor) plane at `out`. Sums are f64: `sums`
  ;; holds a row's column sums (width + 4 values); summed in f64, a cell's few hundred f32 values add
  ;; up exactly, so the order of the sums does not show (planes.ts, downscale, sums them row first).
  (func (export "downscale")
    (param $src i32) (param $planeBytes i32) (param $channels i32) (param $out i32) (param $sums i32)
    (param $width i32) (param $height i32) (param $factor i32)
    (local $y i32) (local $end i32) (local $x i32) (local $rowBytes i32) (local $from i32) (local $at i32)
    (local $low v128) (local $high v128) (local $v v128) (local $sum f64) (local $rows i32) (local $columns i32)
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    (block $cellRowsDone
      (loop $cellRows
        (br_if $cellRowsDone (i32.ge_u (local.get $y) (local.get $height)))
        (local.set $x (i32.const 0))
        (block $zeroed
          (loop $zero
            (br_if $zeroed (i32.ge_u (local.get $x) (i32.shl (local.get $rowBytes) (i32.const 1))))
            (v128.store (i32.add (local.get $sums) (local.get $x)) (v128.const i64x2 0 0))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (br $zero)))
        (local.set $end (i32.add (local.get $y) (local.get $factor)))
        (if (i32.gt_u (local.get $end) (local.get $height)) (then (local.set $end (local.get $height))))
        (local.set $rows (i32.sub (local.get $end) (local.get $y)))
        (block $rowsDone
          (loop $rowsOfCell
            (br_if $rowsDone (i32.ge_u (local.get $y) (local.get $end)))
            (local.set $from (i32.add (local.get $src) (i32.mul (local.get $y) (local.get $rowBytes))))
            (local.set $x (i32.const 0))
            (block $samplesDone
              (loop $samples
                (br_if $samplesDone (i32.ge_u (local.get $x) (local.get $rowBytes)))
                (local.set $at (i32.add (local.get $from) (local.get $x)))
                (local.set $v (v128.load (local.get $at)))
                (local.set $low (f64x2.promote_low_f32x4 (local.get $v)))
                (local.set $high (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v))))
                (if (i32.eq (local.get $channels) (i32.const 3))
                  (then
                    (local.set $v (v128.load (i32.add (local.get $at) (local.get $planeBytes))))
                    (local.set $low (f64x2.add (f64x2.mul (v128.const f64x2 0.2126 0.2126) (local.get $low))
                      (f64x2.mul (v128.const f64x2 0.7152 0.7152) (f64x2.promote_low_f32x4 (local.get $v)))))
                    (local.set $high (f64x2.add (f64x2.mul (v128.const f64x2 0.2126 0.2126) (local.get $high))
                      (f64x2.mul (v128.const f64x2 0.7152 0.7152)
                        (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v))))))
                    (local.set $v (v128.load (i32.add (local.get $at) (i32.shl (local.get $planeBytes) (i32.const 1)))))
                    (local.set $low (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.add (local.get $low)
                      (f64x2.mul (v128.const f64x2 0.0722 0.0722) (f64x2.promote_low_f32x4 (local.get $v)))))))
                    (local.set $high (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.add (local.get $high)
                      (f64x2.mul (v128.const f64x2 0.0722 0.0722)
                        (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v))))))))))
                (local.set $at (i32.add (local.get $sums) (i32.shl (local.get $x) (i32.const 1))))
                (v128.store (local.get $at) (f64x2.add (v128.load (local.get $at)) (local.get $low)))
                (v128.store offset=16 (local.get $at) (f64x2.add (v128.load offset=16 (local.get $at)) (local.get $high)))
                (local.set $x (i32.add (local.get $x) (i32.const 16)))
                (br $samples)))
            (local.set $y (i32.add (local.get $y) (i32.const 1)))
            (br $rowsOfCell)))
        ;; Each cell: its columns' sums added in order, over its count of samples.
        (local.set $x (i32.const 0))
        (block $cellsDone
          (loop $cells
            (br_if $cellsDone (i32.ge_u (local.get $x) (local.get $width)))
            (local.set $end (i32.add (local.get $x) (local.get $factor)))
            (if (i32.gt_u (local.get $end) (local.get $width)) (then (local.set $end (local.get $width))))
            (local.set $columns (i32.sub (local.get $end) (local.get $x)))
            (local.set $sum (f64.const 0))
            (block $columnsDone
              (loop $columnsOfCell
                (br_if $columnsDone (i32.ge_u (local.get $x) (local.get $end)))
                (local.set $sum (f64.add (local.get $sum) (f64.load (i32.add (local.get $sums) (i32.shl (local.get $x) (i32.const 3))))))
                (local.set $x (i32.add (local.get $x) (i32.const 1)))
                (br $columnsOfCell)))
            (f32.store (local.get $out)
              (f32.demote_f64 (f64.div (local.get $sum) (f64.convert_i32_u (i32.mul (local.get $rows) (local.get $columns))))))
            (local.set $out (i32.add (local.get $out) (i32.const 4)))
            (br $cells)))
        (br $cellRows))))
  ;; For each row y < height of width-sample planes (n = width * height samples each):
  ;;   gain and mean at (x, y) interpolate rows first[y] and second[y] (i32) of `gainRows` and
  ;;   `meanRows` (width values each) by weight[y];
  ;;   boost = (gain - 1) * (luma - mean), added to each of the three channels of `rgb`, into `out`;
  ;;   across = luma[x-1] - 2 luma[x] + luma[x+1], down = luma[y-1] - 2 luma[y] + luma[y+1] (edges repeated).
  (func (export "restoreDetail")
    (param $rgb i32) (param $out i32) (param $luma i32) (param $gainRows i32) (param $meanRows i32)
    (param $first i32) (param $second i32) (param $weight i32) (param $across i32) (param $down i32)
    (param $width i32) (param $height i32)
    (local $y i32) (local $x i32) (local $rowBytes i32) (local $planeBytes i32) (local $vectorEnd i32)
    (local $o i32) (local $g0 i32) (local $g1 i32) (local $m0 i32) (local $m1 i32)
    (local $fy f32) (local $fy4 v128) (local $a v128) (local $b v128) (local $boost v128)
    (local $sa f32) (local $sb f32) (local $sboost f32)
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    (local.set $planeBytes (i32.mul (local.get $rowBytes) (local.get $height)))
    (local.set $vectorEnd (i32.and (local.get $rowBytes) (i32.const -16)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $y) (local.get $height)))
        (local.set $o (i32.mul (local.get $y) (local.get $rowBytes)))
        (local.set $g0 (i32.mul (i32.load (i32.add (local.get $first) (i32.shl (local.get $y) (i32.const 2)))) (local.get $rowBytes)))
        (local.set $g1 (i32.mul (i32.load (i32.add (local.get $second) (i32.shl (local.get $y) (i32.const 2)))) (local.get $rowBytes)))
        (local.set $m0 (i32.add (local.get $meanRows) (local.get $g0)))
        (local.set $m1 (i32.add (local.get $meanRows) (local.get $g1)))
        (local.set $g0 (i32.add (local.get $gainRows) (local.get $g0)))
        (local.set $g1 (i32.add (local.get $gainRows) (local.get $g1)))
        (local.set $fy (f32.load (i32.add (local.get $weight) (i32.shl (local.get $y) (i32.const 2)))))
        (local.set $fy4 (f32x4.splat (local.get $fy)))
        ;; The detail, four samples at a time, then one at a time.
        (local.set $x (i32.const 0))
        (block $vectorsDone
          (loop $vectors
            (br_if $vectorsDone (i32.ge_u (local.get $x) (local.get $vectorEnd)))
            (local.set $a (v128.load (i32.add (local.get $g0) (local.get $x))))
            (local.set $b (v128.load (i32.add (local.get $m0) (local.get $x))))
            (local.set $boost
              (f32x4.mul
                (f32x4.sub
                  (f32x4.add (local.get $a) (f32x4.mul (local.get $fy4) (f32x4.sub (v128.load (i32.add (local.get $g1) (local.get $x))) (local.get $a))))
                  (f32x4.splat (f32.const 1)))
                (f32x4.sub
                  (v128.load (i32.add (i32.add (local.get $luma) (local.get $o)) (local.get $x)))
                  (f32x4.add (local.get $b) (f32x4.mul (local.get $fy4) (f32x4.sub (v128.load (i32.add (local.get $m1) (local.get $x))) (local.get $b)))))))
            (call $addToChannels (i32.add (i32.add (local.get $rgb) (local.get $o)) (local.get $x))
              (i32.add (i32.add (local.get $out) (local.get $o)) (local.get $x)) (local.get $planeBytes) (local.get $boost))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (br $vectors)))
        (block $samplesDone
          (loop $samples
            (br_if $samplesDone (i32.ge_u (local.get $x) (local.get $rowBytes)))
            (local.set $sa (f32.load (i32.add (local.get $g0) (local.get $x))))
            (local.set $sb (f32.load (i32.add (local.get $m0) (local.get $x))))
            (local.set $sboost
              (f32.mul
                (f32.sub
                  (f32.add (local.get $sa) (f32.mul (local.get $fy) (f32.sub (f32.load (i32.add (local.get $g1) (local.get $x))) (local.get $sa))))
                  (f32.const 1))
                (f32.sub
                  (f32.load (i32.add (i32.add (local.get $luma) (local.get $o)) (local.get $x)))
                  (f32.add (local.get $sb) (f32.mul (local.get $fy) (f32.sub (f32.load (i32.add (local.get $m1) (local.get $x))) (local.get $sb)))))))
            (call $addToChannels1 (i32.add (i32.add (local.get $rgb) (local.get $o)) (local.get $x))
              (i32.add (i32.add (local.get $out) (local.get $o)) (local.get $x)) (local.get $planeBytes) (local.get $sboost))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (br $samples)))
        (call $curvatureRow (local.get $luma) (local.get $across) (local.get $down) (local.get $width) (local.get $height) (local.get $y))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $rows))))
  ;; The luma's curvature for every row (the first frame after a start, whose detail is not restored).
  (func (export "curvature") (param $luma i32) (param $across i32) (param $down i32) (param $width i32) (param $height i32)
    (local $y i32)
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $y) (local.get $height)))
        (call $curvatureRow (local.get $luma) (local.get $across) (local.get $down) (local.get $width) (local.get $height) (local.get $y))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $rows))))
  ;; Row y of the luma's curvature: across = luma[x-1] - 2 luma[x] + luma[x+1], down = luma[y-1] - 2 luma[y] + luma[y+1] (edges repeated).
  (func $curvatureRow (param $luma i32) (param $across i32) (param $down i32) (param $width i32) (param $height i32) (param $y i32)
    (local $x i32) (local $o i32) (local $rowBytes i32) (local $vectorEnd i32) (local $last i32)
    (local $above i32) (local $below i32) (local $l v128)
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    (local.set $vectorEnd (i32.and (local.get $rowBytes) (i32.const -16)))
    (local.set $last (i32.sub (local.get $rowBytes) (i32.const 4)))
    (local.set $o (i32.mul (local.get $y) (local.get $rowBytes)))
    ;; The curvature down: the rows above and below (the edge row repeated).
    (local.set $above (select (i32.sub (local.get $o) (local.get $rowBytes)) (local.get $o) (i32.gt_u (local.get $y) (i32.const 0))))
    (local.set $below
      (select (i32.add (local.get $o) (local.get $rowBytes)) (local.get $o) (i32.lt_u (i32.add (local.get $y) (i32.const 1)) (local.get $height))))
    (local.set $x (i32.const 0))
    (block $downVectorsDone
      (loop $downVectors
        (br_if $downVectorsDone (i32.ge_u (local.get $x) (local.get $vectorEnd)))
        (local.set $l (v128.load (i32.add (i32.add (local.get $luma) (local.get $o)) (local.get $x))))
        (v128.store (i32.add (i32.add (local.get $down) (local.get $o)) (local.get $x))
          (f32x4.add
            (f32x4.sub (v128.load (i32.add (i32.add (local.get $luma) (local.get $above)) (local.get $x))) (f32x4.add (local.get $l) (local.get $l)))
            (v128.load (i32.add (i32.add (local.get $luma) (local.get $below)) (local.get $x)))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (br $downVectors)))
    (block $downSamplesDone
      (loop $downSamples
        (br_if $downSamplesDone (i32.ge_u (local.get $x) (local.get $rowBytes)))
        (call $secondDifference
          (i32.add (i32.add (local.get $down) (local.get $o)) (local.get $x))
          (i32.add (i32.add (local.get $luma) (local.get $above)) (local.get $x))
          (i32.add (i32.add (local.get $luma) (local.get $o)) (local.get $x))
          (i32.add (i32.add (local.get $luma) (local.get $below)) (local.get $x)))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (br $downSamples)))
    ;; The curvature across: the first and last samples repeat themselves, the rest four at a time.
    (call $secondDifference (i32.add (local.get $across) (local.get $o))
      (i32.add (local.get $luma) (local.get $o)) (i32.add (local.get $luma) (local.get $o))
      (i32.add (i32.add (local.get $luma) (local.get $o)) (select (i32.const 4) (i32.const 0) (i32.gt_u (local.get $width) (i32.const 1)))))
    (local.set $x (i32.const 4))
    (block $acrossVectorsDone
      (loop $acrossVectors
        (br_if $acrossVectorsDone (i32.gt_u (i32.add (local.get $x) (i32.const 16)) (local.get $last)))
        (local.set $l (v128.load (i32.add (i32.add (local.get $luma) (local.get $o)) (local.get $x))))
        (v128.store (i32.add (i32.add (local.get $across) (local.get $o)) (local.get $x))
          (f32x4.add
            (f32x4.sub (v128.load (i32.sub (i32.add (i32.add (local.get $luma) (local.get $o)) (local.get $x)) (i32.const 4))) (f32x4.add (local.get $l) (local.get $l)))
            (v128.load (i32.add (i32.add (i32.add (local.get $luma) (local.get $o)) (local.get $x)) (i32.const 4)))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (br $acrossVectors)))
    (block $acrossSamplesDone
      (loop $acrossSamples
        (br_if $acrossSamplesDone (i32.ge_u (local.get $x) (local.get $last)))
        (call $secondDifference (i32.add (i32.add (local.get $across) (local.get $o)) (local.get $x))
          (i32.sub (i32.add (i32.add (local.get $luma) (local.get $o)) (local.get $x)) (i32.const 4))
          (i32.add (i32.add (local.get $luma) (local.get $o)) (local.get $x))
          (i32.add (i32.add (i32.add (local.get $luma) (local.get $o)) (local.get $x)) (i32.const 4)))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (br $acrossSamples)))
    (if (i32.gt_u (local.get $width) (i32.const 1))
      (then
        (call $secondDifference (i32.add (i32.add (local.get $across) (local.get $o)) (local.get $last))
          (i32.sub (i32.add (i32.add (local.get $luma) (local.get $o)) (local.get $last)) (i32.const 4))
          (i32.add (i32.add (local.get $luma) (local.get $o)) (local.get $last))
          (i32.add (i32.add (local.get $luma) (local.get $o)) (local.get $last))))))
  ;; Four samples of each of the three channels (planes `planeBytes` apart) at `from`, plus `boost`, stored at `to`.
  (func $addToChannels (param $from i32) (param $to i32) (param $planeBytes i32) (param $boost v128)
    (v128.store (local.get $to) (f32x4.add (v128.load (local.get $from)) (local.get $boost)))
    (v128.store (i32.add (local.get $to) (local.get $planeBytes))
      (f32x4.add (v128.load (i32.add (local.get $from) (local.get $planeBytes))) (local.get $boost)))
    (local.set $planeBytes (i32.shl (local.get $planeBytes) (i32.const 1)))
    (v128.store (i32.add (local.get $to) (local.get $planeBytes))
      (f32x4.add (v128.load (i32.add (local.get $from) (local.get $planeBytes))) (local.get $boost))))
  ;; The same for one sample.
  (func $addToChannels1 (param $from i32) (param $to i32) (param $planeBytes i32) (param $boost f32)
    (f32.store (local.get $to) (f32.add (f32.load (local.get $from)) (local.get $boost)))
    (f32.store (i32.add (local.get $to) (local.get $planeBytes))
      (f32.add (f32.load (i32.add (local.get $from) (local.get $planeBytes))) (local.get $boost)))
    (local.set $planeBytes (i32.shl (local.get $planeBytes) (i32.const 1)))
    (f32.store (i32.add (local.get $to) (local.get $planeBytes))
      (f32.add (f32.load (i32.add (local.get $from) (local.get $planeBytes))) (local.get $boost))))
  ;; out = before - 2 at + after, one sample.
  (func $secondDifference (param $out i32) (param $before i32) (param $at i32) (param $after i32)
    (local $v f32)
    (local.set $v (f32.load (local.get $at)))
    (f32.store (local.get $out)
      (f32.add (f32.sub (f32.load (local.get $before)) (f32.add (local.get $v) (local.get $v))) (f32.load (local.get $after)))))
)
