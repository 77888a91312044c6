// Public entry points of the package builder.
export { buildTree, findPackageMakefiles } from './build_tree';
export type { BuildOptions, BuildResult } from './build_tree';
export { findCompiler, SDK_DEBUG_PREFIX } from './compiler';
export type { Compiler } from './compiler';
export { parseMakefileVars, expandMakeVars, makeWords } from './makefile_vars';
export { runtimeSources, buildRuntime } from './runtime';
export { sdkRoot } from './sdk_root';
