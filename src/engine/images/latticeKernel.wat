;; The lattice filter's passes over a channel's samples (latticeFilter.ts), four samples at a time:
;; the sums per block and phase, the summed-area corners, and the last pass, each sample less its
;; pattern. Built into latticeKernelBinary.ts by scripts/build-wasm.js. Offsets in bytes.
(module
  (import "env" "memory" (memory 1))
  ;; Per 64×64 block and phase (8×8): the sum of the width×height channel's (f32) samples of that
  ;; phase, added to `sums` (f64, 64 a block, blocks row by row, phases row by row). Each sum adds
  ;; its samples in order along a row, onto what the rows above left, as latticeFilter.ts specifies.
  (func (export "phaseSums") (param $channel i32) (param $sums i32) (param $width i32) (param $height i32)
    (local $y i32) (local $x i32) (local $end i32) (local $row i32) (local $base i32) (local $at i32) (local $blockEnd i32)
    (local $v v128) (local $p01 v128) (local $p23 v128) (local $p45 v128) (local $p67 v128)
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $y) (local.get $height)))
        (local.set $row (i32.add (local.get $channel) (i32.shl (i32.mul (local.get $y) (local.get $width)) (i32.const 2))))
        ;; This row's phases in its first block: block row y / 64, phase row y % 8.
        (local.set $base (i32.add (local.get $sums) (i32.shl
          (i32.add (i32.mul (i32.shr_u (local.get $y) (i32.const 6)) (i32.shl (i32.shr_u (i32.add (local.get $width) (i32.const 63)) (i32.const 6)) (i32.const 6)))
            (i32.shl (i32.and (local.get $y) (i32.const 7)) (i32.const 3)))
          (i32.const 3))))
        (local.set $x (i32.const 0))
        (block $blocksDone
          (loop $blocks
            (br_if $blocksDone (i32.ge_u (local.get $x) (local.get $width)))
            (local.set $blockEnd (i32.add (local.get $x) (i32.const 64)))
            (if (i32.le_u (local.get $blockEnd) (local.get $width))
              (then
                ;; A whole block: eight samples (one of each phase) at a time, in f64 pairs.
                (local.set $p01 (v128.load (local.get $base)))
                (local.set $p23 (v128.load offset=16 (local.get $base)))
                (local.set $p45 (v128.load offset=32 (local.get $base)))
                (local.set $p67 (v128.load offset=48 (local.get $base)))
                (block $groupsDone
                  (loop $groups
                    (br_if $groupsDone (i32.ge_u (local.get $x) (local.get $blockEnd)))
                    (local.set $at (i32.add (local.get $row) (i32.shl (local.get $x) (i32.const 2))))
                    (local.set $v (v128.load (local.get $at)))
                    (local.set $p01 (f64x2.add (local.get $p01) (f64x2.promote_low_f32x4 (local.get $v))))
                    (local.set $p23 (f64x2.add (local.get $p23)
                      (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v)))))
                    (local.set $v (v128.load offset=16 (local.get $at)))
                    (local.set $p45 (f64x2.add (local.get $p45) (f64x2.promote_low_f32x4 (local.get $v))))
                    (local.set $p67 (f64x2.add (local.get $p67)
                      (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v)))))
                    (local.set $x (i32.add (local.get $x) (i32.const 8)))
                    (br $groups)))
                (v128.store (local.get $base) (local.get $p01))
                (v128.store offset=16 (local.get $base) (local.get $p23))
                (v128.store offset=32 (local.get $base) (local.get $p45))
                (v128.store offset=48 (local.get $base) (local.get $p67)))
              (else
                ;; The frame's last, partial block: sample by sample, each onto its phase.
                (local.set $end (local.get $x))
                (block $samplesDone
                  (loop $samples
                    (br_if $samplesDone (i32.ge_u (local.get $x) (local.get $width)))
                    (local.set $at (i32.add (local.get $base) (i32.shl (i32.and (i32.sub (local.get $x) (local.get $end)) (i32.const 7)) (i32.const 3))))
                    (f64.store (local.get $at) (f64.add (f64.load (local.get $at))
                      (f64.promote_f32 (f32.load (i32.add (local.get $row) (i32.shl (local.get $x) (i32.const 2)))))))
                    (local.set $x (i32.add (local.get $x) (i32.const 1)))
                    (br $samples)))))
            (local.set $base (i32.add (local.get $base) (i32.const 512)))
            (br $blocks)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $rows))))
  ;; Summed-area corners of the channel with its edge samples repeated four out on every side: for
  ;; each of the `rowCount` ascending padded rows at `rows` and `columnCount` ascending padded columns
  ;; at `columns` (i32), the sum over [0, column) × [0, row) into `table` (f64, row by row). `down`
  ;; (f64, a value per column) and `padded` (width + 12 f32) are working rows. Along a padded row the
  ;; sum between two columns is taken four samples at a time in two f64 pairs, then added on.
  (func (export "cornerSums")
    (param $channel i32) (param $width i32) (param $height i32) (param $columns i32) (param $columnCount i32)
    (param $rows i32) (param $rowCount i32) (param $table i32) (param $down i32) (param $padded i32)
    (local $y i32) (local $next i32) (local $j i32) (local $x i32) (local $end i32) (local $source i32) (local $rowBytes i32)
    (local $sum f64) (local $segment f64) (local $a v128) (local $b v128) (local $v v128)
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    (call $fillF64 (local.get $down) (local.get $columnCount))
    (block $done
      (loop $paddedRows
        ;; Rows of the table that end here take the column sums so far.
        (block $recorded
          (loop $record
            (br_if $recorded (i32.ge_u (local.get $next) (local.get $rowCount)))
            (br_if $recorded (i32.ne (i32.load (i32.add (local.get $rows) (i32.shl (local.get $next) (i32.const 2)))) (local.get $y)))
            (call $copyF64 (local.get $down)
              (i32.add (local.get $table) (i32.shl (i32.mul (local.get $next) (local.get $columnCount)) (i32.const 3))) (local.get $columnCount))
            (local.set $next (i32.add (local.get $next) (i32.const 1)))
            (br $record)))
        (br_if $done (i32.ge_u (local.get $next) (local.get $rowCount)))
        ;; The padded row: source row y - 4 (clamped), its first and last samples repeated four times.
        (local.set $source (i32.sub (local.get $y) (i32.const 4)))
        (if (i32.lt_s (local.get $source) (i32.const 0)) (then (local.set $source (i32.const 0))))
        (if (i32.ge_s (local.get $source) (local.get $height)) (then (local.set $source (i32.sub (local.get $height) (i32.const 1)))))
        (local.set $source (i32.add (local.get $channel) (i32.mul (local.get $source) (local.get $rowBytes))))
        (local.set $x (i32.const 0))
        (block $copied
          (loop $copy
            (br_if $copied (i32.ge_u (local.get $x) (local.get $rowBytes)))
            (v128.store offset=16 (i32.add (local.get $padded) (local.get $x)) (v128.load (i32.add (local.get $source) (local.get $x))))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (br $copy)))
        (v128.store (local.get $padded) (v128.load32_splat (local.get $source)))
        (v128.store offset=16 (i32.add (local.get $padded) (local.get $rowBytes))
          (v128.load32_splat (i32.sub (i32.add (local.get $source) (local.get $rowBytes)) (i32.const 4))))
        ;; Along the row: between consecutive columns, then onto the running sum and each column's sum down.
        (local.set $sum (f64.const 0))
        (local.set $x (i32.const 0))
        (local.set $j (i32.const 0))
        (block $columnsDone
          (loop $eachColumn
            (br_if $columnsDone (i32.ge_u (local.get $j) (local.get $columnCount)))
            (local.set $end (i32.shl (i32.load (i32.add (local.get $columns) (i32.shl (local.get $j) (i32.const 2)))) (i32.const 2)))
            (local.set $a (v128.const i64x2 0 0))
            (local.set $b (v128.const i64x2 0 0))
            (block $vectorsDone
              (loop $vectors
                (br_if $vectorsDone (i32.gt_u (i32.add (local.get $x) (i32.const 16)) (local.get $end)))
                (local.set $v (v128.load (i32.add (local.get $padded) (local.get $x))))
                (local.set $a (f64x2.add (local.get $a) (f64x2.promote_low_f32x4 (local.get $v))))
                (local.set $b (f64x2.add (local.get $b)
                  (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v)))))
                (local.set $x (i32.add (local.get $x) (i32.const 16)))
                (br $vectors)))
            (local.set $a (f64x2.add (local.get $a) (local.get $b)))
            (local.set $segment (f64.add (f64x2.extract_lane 0 (local.get $a)) (f64x2.extract_lane 1 (local.get $a))))
            (block $samplesDone
              (loop $samples
                (br_if $samplesDone (i32.ge_u (local.get $x) (local.get $end)))
                (local.set $segment (f64.add (local.get $segment) (f64.promote_f32 (f32.load (i32.add (local.get $padded) (local.get $x))))))
                (local.set $x (i32.add (local.get $x) (i32.const 4)))
                (br $samples)))
            (local.set $sum (f64.add (local.get $sum) (local.get $segment)))
            (local.set $end (i32.add (local.get $down) (i32.shl (local.get $j) (i32.const 3))))
            (f64.store (local.get $end) (f64.add (f64.load (local.get $end)) (local.get $sum)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $eachColumn)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $paddedRows))))
  ;; `count` f64 zeros from `to` on.
  (func $fillF64 (param $to i32) (param $count i32)
    (block $done
      (loop $values
        (br_if $done (i32.eqz (local.get $count)))
        (f64.store (local.get $to) (f64.const 0))
        (local.set $to (i32.add (local.get $to) (i32.const 8)))
        (local.set $count (i32.sub (local.get $count) (i32.const 1)))
        (br $values))))
  ;; `count` f64 values copied from `from` to `to`.
  (func $copyF64 (param $from i32) (param $to i32) (param $count i32)
    (block $done
      (loop $values
        (br_if $done (i32.eqz (local.get $count)))
        (f64.store (local.get $to) (f64.load (local.get $from)))
        (local.set $from (i32.add (local.get $from) (i32.const 8)))
        (local.set $to (i32.add (local.get $to) (i32.const 8)))
        (local.set $count (i32.sub (local.get $count) (i32.const 1)))
        (br $values))))
  ;; For each row y < height of the width-sample channel at `channel` (bytes, f32, rewritten in place):
  ;; channel[x] -= a[x] + fy * (b[x] - a[x]), where a and b are the pattern rows numbered top[y] and
  ;; bottom[y] (i32) from `patterns`, each `width` f32, and fy is weight[y] (f32).
  (func (export "subtractPattern")
    (param $channel i32) (param $patterns i32) (param $top i32) (param $bottom i32) (param $weight i32)
    (param $width i32) (param $height i32)
    (local $y i32) (local $x i32) (local $rowBytes i32) (local $vectorEnd i32)
    (local $row i32) (local $a i32) (local $b i32) (local $fy f32) (local $fy4 v128) (local $va v128)
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    ;; Where the row's whole vectors of four samples end and its scalar tail starts (bytes).
    (local.set $vectorEnd (i32.and (local.get $rowBytes) (i32.const -16)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $y) (local.get $height)))
        (local.set $row (i32.add (local.get $channel) (i32.mul (local.get $y) (local.get $rowBytes))))
        (local.set $a (i32.add (local.get $patterns)
          (i32.mul (i32.load (i32.add (local.get $top) (i32.shl (local.get $y) (i32.const 2)))) (local.get $rowBytes))))
        (local.set $b (i32.add (local.get $patterns)
          (i32.mul (i32.load (i32.add (local.get $bottom) (i32.shl (local.get $y) (i32.const 2)))) (local.get $rowBytes))))
        (local.set $fy (f32.load (i32.add (local.get $weight) (i32.shl (local.get $y) (i32.const 2)))))
        (local.set $fy4 (f32x4.splat (local.get $fy)))
        (local.set $x (i32.const 0))
        (block $vectorsDone
          (loop $vectors
            (br_if $vectorsDone (i32.ge_u (local.get $x) (local.get $vectorEnd)))
            (local.set $va (v128.load (i32.add (local.get $a) (local.get $x))))
            (v128.store (i32.add (local.get $row) (local.get $x))
              (f32x4.sub
                (v128.load (i32.add (local.get $row) (local.get $x)))
                (f32x4.add (local.get $va)
                  (f32x4.mul (local.get $fy4) (f32x4.sub (v128.load (i32.add (local.get $b) (local.get $x))) (local.get $va))))))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (br $vectors)))
        (block $samplesDone
          (loop $samples
            (br_if $samplesDone (i32.ge_u (local.get $x) (local.get $rowBytes)))
            (f32.store (i32.add (local.get $row) (local.get $x))
              (f32.sub
                (f32.load (i32.add (local.get $row) (local.get $x)))
                (f32.add (f32.load (i32.add (local.get $a) (local.get $x)))
                  (f32.mul (local.get $fy)
                    (f32.sub (f32.load (i32.add (local.get $b) (local.get $x))) (f32.load (i32.add (local.get $a) (local.get $x))))))))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (br $samples)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $rows))))
)
