// Folder and file icons drawn as SVG: emoji need a colour-emoji font, which many Linux machines lack (boxes).
export function FileIcon({ kind }: { kind: 'folder' | 'file' }) {
  return (
    <svg className={`files-icon ${kind}`} width="16" height="16" viewBox="0 0 16 16" aria-hidden focusable="false">
      {kind === 'folder' ? (
        <path d="M1.5 3.5h4.2l1.5 1.5h7.3v8.5h-13z" fill="currentColor" fillOpacity="0.25" stroke="currentColor" strokeWidth="1" strokeLinejoin="round" />
      ) : (
        <path d="M3.5 1.5h6l3 3v10h-9zM9.5 1.5v3h3" fill="none" stroke="currentColor" strokeWidth="1" strokeLinejoin="round" />
      )}
    </svg>
  );
}
