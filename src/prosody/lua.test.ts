// luaString must survive the real Lua interpreter that runs Prosody (lua5.4 on Debian).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { luaNumberList, luaString, luaStringList } from './lua.js';

function evalLua(expression: string): Buffer {
  return execFileSync('lua5.4', ['-e', `io.write(${expression})`]);
}

test('strings round-trip through Lua byte for byte', () => {
  const samples = ['plain', '', 'quote " and \\ backslash', 'new\nline\ttab\r\0nul', 'ünïcödé ✓ 🏠', "]]--[[ '", '\\0991'];
  for (const sample of samples) {
    assert.deepEqual(evalLua(luaString(sample)), Buffer.from(sample, 'utf8'), JSON.stringify(sample));
  }
});

test('lists render as Lua tables', () => {
  assert.equal(luaStringList([]), '{}');
  assert.equal(luaNumberList([5222, 5223]), '{ 5222; 5223 }');
  assert.equal(evalLua(`table.concat(${luaStringList(['a"', 'b'])}, ",")`).toString(), 'a",b');
});
