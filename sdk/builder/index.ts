// Public entry points of the package builder.
export { buildTree, findPackageMakefiles } from './build-tree';
export type { BuildOptions, BuildResult } from './build-tree';
export { findCompiler, SDK_DEBUG_PREFIX } from './compiler';
export type { Compiler } from './compiler';
export { parseMakefileVars, expandMakeVars, makeWords } from './makefile-vars';
export { runtimeSources, buildRuntime } from './runtime';
export { sdkRoot } from './sdk-root';
