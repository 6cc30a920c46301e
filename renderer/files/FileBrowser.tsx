// The in-app file and folder browser (web mode's file dialog): the host's allowed folders, breadcrumbs, the
// folder's entries (FileList), a typed-path box, a file-name box for Save As, and one primary button (Open,
// Save, Choose this folder). Everything it shows comes from 'files.list', which lists nothing outside the
// allowed folders; a refused path is shown as the host's message and leaves the view as it was.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileEntry, FolderListing } from '../../src/contract/files';
import { host } from '../services/host';
import { lastBrowsedFolder, rememberFolder, useFileBrowserRequest, type ChoosePathOptions } from './choosePath';
import { breadcrumbs, isFullPath, joinPath, withExtension } from './pathParts';
import { FileList } from './FileList';
import { FileIcon } from './FileIcon';
import './fileBrowser.css';

/** Mounted once by the app; shows the browser while a choosePath request waits. */
export function FileBrowserHost() {
  const request = useFileBrowserRequest((s) => s.request);
  return request ? <FileBrowser key={request.id} options={request.options} resolve={request.resolve} /> : null;
}

function extensionsOf(o: ChoosePathOptions): string[] | undefined {
  if (o.kind === 'folder') return [];
  const all = o.filters?.flatMap((f) => f.extensions);
  return all?.length && !all.includes('*') ? all : undefined;
}

function FileBrowser({ options, resolve }: { options: ChoosePathOptions; resolve(path: string | undefined): void }) {
  const { t } = useTranslation('files');
  const extensions = extensionsOf(options);
  const [listing, setListing] = useState<FolderListing>();
  const [roots, setRoots] = useState<FileEntry[]>([]);
  const [location, setLocation] = useState('');
  const [name, setName] = useState(options.defaultName ?? '');
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const listRef = useRef<HTMLDivElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const locationRef = useRef<HTMLInputElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const seq = useRef(0);
  /** The user typed a location before the first listing came: it is not overwritten. */
  const typedEarly = useRef(false);
  /** The user asked for a folder (typed path, click, key) while the start view was loading. */
  const userMoved = useRef(false);

  /** One listing, or undefined with the host's message shown; a later call wins over an earlier one. */
  async function fetchListing(path: string | undefined): Promise<FolderListing | undefined> {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const r = await host.invoke('files.list', { path, extensions });
      if (mine !== seq.current) return undefined;
      setError(undefined);
      return r;
    } catch (e) {
      if (mine === seq.current) {
        setError(e instanceof Error ? e.message : String(e));
        locationRef.current?.focus(); // to correct the path; the view stays as it was
      }
      return undefined;
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }

  function show(r: FolderListing, keepLocation = false) {
    setListing(r);
    if (!keepLocation) setLocation(r.path ?? '');
    if (r.path) rememberFolder(r.path);
    const at = r.target ? r.entries.findIndex((e) => e.name === r.target!.name) : -1;
    setActive(Math.max(0, at));
    if (options.kind === 'save-file' && r.target) setName(r.target.name);
  }

  const navigate = async (path: string | undefined) => {
    userMoved.current = true;
    const r = await fetchListing(path);
    if (r) show(r);
  };

  useEffect(() => {
    // The sidebar's places, apart from the view (a click or a typed path must not wait for them).
    void host
      .invoke('files.list', { extensions: [] })
      .then((r) => setRoots(r.entries))
      .catch(() => {});
    void (async () => {
      const start = options.defaultPath ?? lastBrowsedFolder();
      const first = start ? await fetchListing(start) : undefined;
      // The user went somewhere already: the start view must not replace it. A default outside the allowed
      // folders just starts at the list of them.
      const view = first ?? (userMoved.current ? undefined : await fetchListing(undefined));
      if (userMoved.current || !view) return;
      show(view, typedEarly.current);
      // Focus where the user starts, unless they are already typing in the dialog (a path into the location box).
      if (dialogRef.current?.contains(document.activeElement)) return;
      if (options.kind === 'save-file') {
        nameRef.current?.focus();
        nameRef.current?.select();
      } else listRef.current?.focus();
    })();
    // Once per request: the component is keyed by it.
  }, []);

  const up = () => void (listing?.parent ? navigate(listing.parent) : listing?.path ? navigate(undefined) : undefined);
  const cancel = () => resolve(undefined);
  const sep = listing?.separator ?? '/';

  /** The save target `full` (replace confirmed when it exists), or nothing. */
  const saveTo = (full: string, exists: boolean) => {
    const shownName = full.slice(full.lastIndexOf(sep) + 1);
    if (!exists || window.confirm(t('browser.replace', { name: shownName }))) resolve(full);
  };

  /** The path typed into the location box: a folder is opened (or chosen, from the primary button in folder mode); a file is the choice. */
  async function submitLocation(fromPrimary: boolean, typed = location.trim()) {
    userMoved.current = true;
    const asked = isFullPath(typed) || !listing?.path ? typed : joinPath(listing.path, typed, sep);
    const r = await fetchListing(asked);
    if (!r) return;
    if (!r.target || !r.path) {
      if (fromPrimary && options.kind === 'folder' && r.path) return resolve(r.path);
      return show(r);
    }
    if (options.kind === 'folder') {
      if (r.target.exists) return setError(t('browser.isFile', { name: r.target.name }));
      return resolve(joinPath(r.path, r.target.name, r.separator)); // a new folder: the export creates it
    }
    if (options.kind === 'open-file') return resolve(joinPath(r.path, r.target.name, r.separator));
    const fileName = withExtension(r.target.name, extensions);
    const exists = r.entries.some((e) => e.kind === 'file' && e.name === fileName);
    saveTo(joinPath(r.path, fileName, r.separator), exists);
  }

  function saveWithName() {
    const n = withExtension(name.trim(), extensions);
    if (isFullPath(n)) return void submitLocation(true, n); // a whole path typed as the name
    if (!listing?.path || !n) return;
    const same = listing.entries.find((e) => e.name === n);
    if (same?.kind === 'folder') return void navigate(same.path);
    saveTo(joinPath(listing.path, n, sep), !!same);
  }

  const open = (e: FileEntry) => {
    if (e.kind === 'folder') return void navigate(e.path);
    if (options.kind === 'open-file') return resolve(e.path);
    if (options.kind === 'save-file') saveTo(e.path, true);
  };

  const edited = location.trim() !== '' && location.trim() !== (listing?.path ?? '');
  const selected = listing?.entries[active];
  function primary() {
    if (edited) return void submitLocation(true);
    if (options.kind === 'open-file') return selected && open(selected);
    if (options.kind === 'save-file') return saveWithName();
    if (listing?.path) resolve(listing.path);
  }
  const primaryDisabled =
    loading || (!edited && (options.kind === 'open-file' ? !selected : options.kind === 'save-file' ? !name.trim() || (!listing?.path && !isFullPath(name.trim())) : !listing?.path));
  const primaryLabel = t(options.kind === 'open-file' ? 'browser.open' : options.kind === 'save-file' ? 'browser.save' : 'browser.chooseFolder');

  // On the window, not the dialog: a button disabled while a folder loads drops the focus to the page body.
  const keys = useRef<(e: globalThis.KeyboardEvent) => void>(() => {});
  keys.current = (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      cancel();
    } else if (e.key === 'ArrowUp' && e.altKey) {
      e.preventDefault();
      up();
    }
  };
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => keys.current(e);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const filterText =
    options.kind === 'folder'
      ? t('browser.showingFolders')
      : extensions
        ? t('browser.showing', { filter: (options.filters ?? []).map((f) => `${f.name} (${f.extensions.map((x) => `*.${x}`).join(', ')})`).join('; ') })
        : t('browser.showingAll');

  return (
    <div className="modal-backdrop">
      <div ref={dialogRef} className="modal file-browser" role="dialog" aria-modal="true" aria-labelledby="file-browser-title" data-testid="file-browser" data-kind={options.kind}>
        <h2 id="file-browser-title">{options.title}</h2>
        <form
          className="files-location"
          onSubmit={(e) => {
            e.preventDefault();
            void submitLocation(false);
          }}
        >
          <button type="button" className="btn" onClick={up} disabled={!listing?.path} title={t('browser.up')} aria-label={t('browser.up')} data-testid="files-up">
            ↑
          </button>
          <label className="files-location-label" htmlFor="files-location">
            {t('browser.location')}
          </label>
          <input id="files-location" ref={locationRef} data-testid="path-input" value={location} placeholder={t('browser.locationPlaceholder')} spellCheck={false} onChange={(e) => {
              typedEarly.current ||= !listing;
              setLocation(e.target.value);
            }}
          />
          <button type="submit" className="btn" disabled={!location.trim()} data-testid="files-go">
            {t('browser.go')}
          </button>
        </form>
        <nav className="files-crumbs" data-testid="files-crumbs">
          <button type="button" className="files-crumb" onClick={() => void navigate(undefined)}>
            {t('browser.places')}
          </button>
          {listing?.path &&
            listing.root &&
            breadcrumbs(listing.path, listing.root, sep).map((c, i) => (
              <span key={c.path}>
                <span className="muted"> › </span>
                <button type="button" className="files-crumb" data-testid={`files-crumb-${i}`} onClick={() => void navigate(c.path)}>
                  {c.label}
                </button>
              </span>
            ))}
        </nav>
        {error && (
          <p className="files-error" role="alert" data-testid="files-error">
            {error}
          </p>
        )}
        <div className="files-body">
          <aside className="files-roots" aria-label={t('browser.placesHint')} data-testid="files-roots">
            <div className="files-roots-title" title={t('browser.placesHint')}>
              {t('browser.places')}
            </div>
            {roots.map((r, i) => (
              <button type="button" key={r.path} className={`files-root${listing?.root === r.path ? ' current' : ''}`} title={r.path} data-testid={`files-root-${i}`} onClick={() => void navigate(r.path)}>
                <FileIcon kind="folder" /> {r.path}
              </button>
            ))}
          </aside>
          <div className="files-main">
            {listing && (
              <FileList
                entries={listing.entries}
                active={active}
                roots={!listing.path}
                listRef={listRef}
                onActive={(i) => {
                  setActive(i);
                  const e = listing.entries[i];
                  if (options.kind === 'save-file' && e?.kind === 'file') setName(e.name);
                }}
                onOpen={open}
                onUp={up}
              />
            )}
            {listing && listing.entries.length === 0 && <p className="muted files-empty">{t('browser.empty')}</p>}
            {listing?.truncated && <p className="muted small">{t('browser.truncated', { count: listing.entries.length })}</p>}
          </div>
        </div>
        {options.kind === 'save-file' && (
          <label className="files-name-row">
            {t('browser.fileName')}
            <input
              ref={nameRef}
              data-testid="files-name"
              value={name}
              spellCheck={false}
              onChange={(e) => setName(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  primary();
                }
              }}
            />
          </label>
        )}
        <div className="files-footer">
          <span className="muted small" data-testid="files-filter">
            {loading ? t('browser.loading') : filterText} · {t('browser.keys')}
          </span>
          <span className="spacer" />
          <button type="button" className="btn" onClick={cancel} data-testid="files-cancel">
            {t('browser.cancel')}
          </button>
          <button type="button" className="btn primary" onClick={primary} disabled={primaryDisabled} data-testid="path-ok">
            {primaryLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
