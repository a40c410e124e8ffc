;; The stabilizer's second pass (steadyBlend.ts, withDetailGain), four samples at a time: the blend's
;; luma detail scaled by the detail gain, added to its three channels, and the luma's curvature.
;; Built into detailKernelBinary.ts by scripts/build-wasm.js. Offsets are in bytes; values f32.
(module
  (import "env" "memory" (memory 1))
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
