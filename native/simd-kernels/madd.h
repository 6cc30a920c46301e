// acc + a·b. Built with -mrelaxed-simd (the relaxed build, where the engine has relaxed SIMD) it is one
// f32x4.relaxed_madd — a fused multiply-add where the CPU has one (x86 FMA3, ARM): half the vector operations of
// the dW passes and Winograd's GEMMs, which are bound by them; rounded once instead of twice, within the tests'
// 1e-4 of tfjs.
#pragma once
#include <wasm_simd128.h>
#ifdef __wasm_relaxed_simd__
typedef float f32x4_t __attribute__((vector_size(16)));
#define MADD(acc, a, b) ((v128_t)__builtin_wasm_relaxed_madd_f32x4((f32x4_t)(a), (f32x4_t)(b), (f32x4_t)(acc)))
#else
#define MADD(acc, a, b) wasm_f32x4_add(acc, wasm_f32x4_mul(a, b))
#endif
