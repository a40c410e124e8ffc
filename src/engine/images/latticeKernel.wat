;; The lattice filter's last pass (latticeFilter.ts), four samples at a time: each sample of a
;; channel less its pattern, interpolated down between two rows of patterns that are already
;; interpolated across. Built into latticeKernelBinary.ts by scripts/build-wasm.js.
(module
  (import "env" "memory" (memory 1))
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
