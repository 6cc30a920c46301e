// What the CLI prints is escaped here, once, at its IO layer (runCli wraps every command's io): names, paths
// and messages come from project files and the command line, and a terminal obeys control characters in them
// — ESC [2J clears the screen, ESC ] 0;… BEL retitles the window, CR returns to the line's start so a name can
// paint a fake "✓", and bidi overrides reorder what is shown (Trojan Source, CVE-2021-42574). The progress bar's
// own \r and ESC [2K are written to stderr directly (trainProgress.ts), never through this layer.

/**
 * Characters a terminal acts on instead of showing: C0 controls but TAB and LF, DEL, C1 controls (U+0080–009F,
 * CSI U+009B included), the line and paragraph separators, and the bidi marks and overrides U+061C, U+200E,
 * U+200F, U+202A–202E, U+2066–2069.
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * The text with each unsafe character written as a visible escape: C0 as \xHH ("\x1b", "\x0d"), the rest as
 * \uHHHH ("\u202e"). JSON.stringify already escapes C0 and leaves the others raw, so --json output stays
 * valid JSON that decodes to the same strings.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x20 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** An IO whose out and err escape what they are given. */
export function terminalSafeIO<T extends { out(text: string): void; err(text: string): void }>(io: T): T {
  return { ...io, out: (t: string) => io.out(terminalSafe(t)), err: (t: string) => io.err(terminalSafe(t)) };
}
