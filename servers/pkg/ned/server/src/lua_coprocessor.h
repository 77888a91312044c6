/* The wire format to ned's Lua coprocessor; the same numbers as
 * emulator/lua-coprocessor/lua-coprocessor-protocol.ts. */
#pragma once

enum { LUA_COPROCESSOR_PROTO = 0x4c75, LUA_CHUNK_BYTES = 240 };
enum { LUA_OP_LOAD = 1, LUA_OP_RUN = 2, LUA_OP_RESUME = 3, LUA_OP_READ = 4, LUA_OP_EXITED = 5,
       LUA_OP_NOT_RUN = 6 };
enum
{
  LUA_REQ_DONE = 0, LUA_REQ_FAILED = 1, LUA_REQ_PRINT = 2, LUA_REQ_NEW_CHANNEL = 3, LUA_REQ_START = 4,
  LUA_REQ_CREATE = 5, LUA_REQ_CONTINUE = 6, LUA_REQ_WAIT = 7,
};
