// The one place where strings become markup or plain text in exported files that are not Python (that is
// torch/pythonSource.ts): the SVG picture and the README. Project, node and class names go through these.

// Not allowed anywhere in an XML 1.0 document, not even as a character reference: C0 controls but tab, LF
// and CR; lone surrogates; U+FFFE and U+FFFF. Such a character becomes U+FFFD, so the file still parses.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };

/** Character data for an XML element: no markup can start, only characters XML allows remain, a CR stays a CR. */
export const xmlText = (s: string): string => s.replace(XML_INVALID, '\uFFFD').replace(/[&<>\r]/g, (c) => XML_ENTITIES[c]);

/**
 * An XML attribute value for either quote: quotes as references, and tab / LF / CR as references too, so
 * attribute-value normalisation hands back the same string.
 */
export const xmlAttr = (s: string): string => s.replace(XML_INVALID, '\uFFFD').replace(/[&<>"'\t\n\r]/g, (c) => XML_ENTITIES[c]);

// Controls (NUL, ESC: terminal escape sequences), format characters (bidi overrides: "Trojan Source"),
// line / paragraph separators and lone surrogates. Zero-width (non-)joiners stay: emoji and scripts use them.
const TEXT_LINE_UNSAFE = /(?![\u200C\u200D])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

/** One line of plain text (README.txt): what could break the line or act on a terminal becomes U+FFFD. */
export const textLine = (s: string): string => s.replace(TEXT_LINE_UNSAFE, '\uFFFD');
