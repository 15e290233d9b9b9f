// Lua literals for Prosody's config files and admin shell commands. Values come from
// options, command lines and test code, so every byte that is not plain printable ASCII is
// written as a decimal escape: the result is a valid Lua 5.1-5.4 string whatever the input.

export function luaString(value: string): string {
  let out = '"';
  for (const byte of Buffer.from(value, 'utf8')) {
    const isPlain = byte >= 0x20 && byte < 0x7f && byte !== 0x22 /* " */ && byte !== 0x5c /* \ */;
    // Three digits, so a following digit cannot be read as part of the escape.
    out += isPlain ? String.fromCharCode(byte) : `\\${byte.toString().padStart(3, '0')}`;
  }
  return `${out}"`;
}

export function luaStringList(values: readonly string[]): string {
  return luaTable(values.map(luaString));
}

export function luaNumberList(values: readonly number[]): string {
  return luaTable(values.map((value) => String(value)));
}

function luaTable(items: readonly string[]): string {
  return items.length === 0 ? '{}' : `{ ${items.join('; ')} }`;
}
