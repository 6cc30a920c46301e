// The entries of one folder as a keyboard-driven list: ↑/↓/Home/End/PgUp/PgDn move, Enter (or a double click)
// opens a folder or picks a file, Backspace goes up. Folders show how many images lie directly inside.
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileEntry } from '../../src/contract/files';
import { formatBytes } from '../export/exportChoices';
import { FileIcon } from './FileIcon';

interface Props {
  entries: FileEntry[];
  active: number;
  /** The roots list: names are whole paths. */
  roots: boolean;
  onActive(index: number): void;
  onOpen(entry: FileEntry): void;
  onUp(): void;
  listRef: React.RefObject<HTMLDivElement | null>;
}

function ImageCount({ images }: { images: FileEntry['images'] }) {
  const { t } = useTranslation('files');
  if (!images || (images.count === 0 && !images.more)) return null;
  return (
    <span className="files-images" data-testid="files-images">
      {images.more ? t('browser.imagesMore', { n: images.count.toLocaleString() }) : t('browser.images', { count: images.count })}
    </span>
  );
}

export function FileList({ entries, active, roots, onActive, onOpen, onUp, listRef }: Props) {
  const { t, i18n } = useTranslation('files');
  const rows = useRef<(HTMLDivElement | null)[]>([]);
  useEffect(() => {
    // Braces: Chromium's scrollIntoView now returns a promise, which React would take for a cleanup function.
    void rows.current[active]?.scrollIntoView({ block: 'nearest' });
  }, [active]);
  const date = (ms?: number) => (ms === undefined ? '' : new Date(ms).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }));

  const onKeyDown = (e: KeyboardEvent) => {
    const last = entries.length - 1;
    const move: Record<string, number> = { ArrowDown: active + 1, ArrowUp: active - 1, Home: 0, End: last, PageDown: active + 10, PageUp: active - 10 };
    if (e.key in move && !e.altKey) {
      e.preventDefault();
      onActive(Math.max(0, Math.min(last, move[e.key])));
    } else if (e.key === 'Enter' && entries[active]) {
      e.preventDefault();
      onOpen(entries[active]);
    } else if (e.key === 'Backspace') {
      e.preventDefault();
      onUp();
    }
  };

  return (
    <div
      className="files-list"
      role="listbox"
      tabIndex={0}
      ref={listRef}
      aria-label={t('browser.name')}
      aria-activedescendant={entries[active] ? `files-row-${active}` : undefined}
      data-testid="files-list"
      onKeyDown={onKeyDown}
    >
      <div className="files-row files-head" aria-hidden>
        <span>{t('browser.name')}</span>
        <span>{t('browser.details')}</span>
        <span>{t('browser.modified')}</span>
      </div>
      {entries.map((e, i) => (
        <div
          key={e.path}
          id={`files-row-${i}`}
          ref={(el) => {
            rows.current[i] = el;
          }}
          role="option"
          aria-selected={i === active}
          className={`files-row ${e.kind}${i === active ? ' active' : ''}`}
          data-testid="files-entry"
          data-name={e.name}
          data-kind={e.kind}
          title={e.path}
          onClick={() => onActive(i)}
          onDoubleClick={() => onOpen(e)}
        >
          <span className="files-name">
            <FileIcon kind={e.kind} />
            {roots ? e.path : e.name}
          </span>
          <span className="files-detail">{e.kind === 'folder' ? <ImageCount images={e.images} /> : e.size !== undefined && formatBytes(e.size)}</span>
          <span className="files-detail">{date(e.modifiedMs)}</span>
        </div>
      ))}
    </div>
  );
}
