// Character classes of XML 1.0 (fifth edition) used by the reference parser and the
// serializer. References: https://www.w3.org/TR/xml/#charsets, #NT-Name.

export function isXmlWhitespace(cp: number): boolean {
  return cp === 0x20 || cp === 0x0a || cp === 0x09 || cp === 0x0d;
}

/** The XML 1.0 Char production (surrogates never reach here: they are invalid UTF-8). */
export function isXmlChar(cp: number): boolean {
  if (cp >= 0x20) return cp !== 0xfffe && cp !== 0xffff && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff);
  return cp === 0x09 || cp === 0x0a || cp === 0x0d;
}

export function isNameStartChar(cp: number): boolean {
  if (cp < 0x80) {
    return (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a) || cp === 0x5f || cp === 0x3a;
  }
  return (
    (cp >= 0xc0 && cp <= 0xd6) || (cp >= 0xd8 && cp <= 0xf6) || (cp >= 0xf8 && cp <= 0x2ff) ||
    (cp >= 0x370 && cp <= 0x37d) || (cp >= 0x37f && cp <= 0x1fff) || (cp >= 0x200c && cp <= 0x200d) ||
    (cp >= 0x2070 && cp <= 0x218f) || (cp >= 0x2c00 && cp <= 0x2fef) || (cp >= 0x3001 && cp <= 0xd7ff) ||
    (cp >= 0xf900 && cp <= 0xfdcf) || (cp >= 0xfdf0 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0xeffff)
  );
}

export function isNameChar(cp: number): boolean {
  if (isNameStartChar(cp)) return true;
  return (
    (cp >= 0x30 && cp <= 0x39) || cp === 0x2d || cp === 0x2e || cp === 0xb7 ||
    (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x203f && cp <= 0x2040)
  );
}
