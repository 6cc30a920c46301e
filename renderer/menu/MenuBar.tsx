// Top menu bar: File (new blank / from template, open, save, save as, load weights, recent), Edit (undo/redo/clipboard/layout), theme, language.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecentProject } from '../../src/contract/project';
import { host } from '../services/host';
import { redo, undo, useCanRedo, useCanUndo, useDirty, useProjectStore } from '../store/projectStore';
import { useAutoLayout } from '../canvas/useAutoLayout';
import { PatternBuilderMenuItem } from '../pattern/PatternBuilder';
import { MakeBlockMenuItem } from '../blocks/MakeBlock';
import { RepeatMenuItem } from '../blocks/RepeatCommand';
import { BlockLibraryMenuItems } from '../blocks/BlockLibraryMenuItems';
import { useReadableFit } from '../canvas/useReadableFit';
import { useThemePreference } from '../app/themePreference';
import { LANGS, setLang } from '../i18n';
import { chooseTemplate, newBlankProject, openProject, openRecent, saveProject, saveProjectAs } from './projectActions';
import { loadTorchWeights } from './loadWeights';

function Menu({ id, label, children, onOpen }: { id: string; label: string; children: ReactNode; onOpen?(): void }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => !ref.current?.contains(e.target as Node) && setOpen(false);
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  return (
    <div className="menu" ref={ref}>
      <button
        className="menu-button"
        data-testid={`menu-${id}`}
        aria-expanded={open}
        onClick={() => {
          if (!open) onOpen?.();
          setOpen(!open);
        }}
      >
        {label}
      </button>
      {open && (
        <div className="menu-list" role="menu" onClick={() => setOpen(false)}>
          {children}
        </div>
      )}
    </div>
  );
}

function Item({ action, label, onClick, disabled, shortcut }: { action: string; label: string; onClick(): void; disabled?: boolean; shortcut?: string }) {
  return (
    <button role="menuitem" className="menu-item" data-testid={`menu-${action}`} onClick={onClick} disabled={disabled}>
      <span>{label}</span>
      {shortcut && <kbd>{shortcut}</kbd>}
    </button>
  );
}

export function MenuBar() {
  const { t, i18n } = useTranslation();
  const { t: tf } = useTranslation('files');
  const fit = useReadableFit(); // never below the zoom at which node text reads
  const autoLayout = useAutoLayout();
  const [recent, setRecent] = useState<RecentProject[]>([]);
  const canUndo = useCanUndo();
  const canRedo = useCanRedo();
  const dirty = useDirty();
  const name = useProjectStore((s) => s.doc.name);
  const filePath = useProjectStore((s) => s.filePath);
  const hasSelection = useProjectStore((s) => s.selection.nodes.length + s.selection.edges.length > 0);
  const { theme, toggle } = useThemePreference();
  const store = useProjectStore.getState;
  const loadRecent = () =>
    void host
      .invoke('project.recent', {})
      .then((r) => setRecent(r.items))
      .catch(() => setRecent([]));

  return (
    <header className="menubar">
      <span className="brand">{t('app.title')}</span>
      <Menu id="file" label={t('menu.file')} onOpen={loadRecent}>
        <Item action="newBlank" label={tf('menu.newBlank')} onClick={() => void newBlankProject()} />
        <Item action="new" label={tf('menu.newFromTemplate')} onClick={chooseTemplate} />
        <Item action="open" label={t('menu.open')} shortcut="Ctrl+O" onClick={() => void openProject()} />
        <Item action="save" label={t('menu.save')} shortcut="Ctrl+S" onClick={() => void saveProject()} />
        <Item action="saveAs" label={t('menu.saveAs')} shortcut="Ctrl+Shift+S" onClick={() => void saveProjectAs()} />
        <Item action="loadWeights" label={tf('menu.loadWeights')} onClick={() => void loadTorchWeights()} />
        <BlockLibraryMenuItems />
        <div className="menu-sep">{t('menu.recent')}</div>
        {recent.length === 0 && <div className="menu-empty">{t('menu.noRecent')}</div>}
        {recent.map((r, i) => (
          <Item key={r.path} action={`recent-${i}`} label={`${r.name} — ${r.path}`} onClick={() => void openRecent(r.path)} />
        ))}
      </Menu>
      <Menu id="edit" label={t('menu.edit')}>
        <Item action="undo" label={t('menu.undo')} shortcut="Ctrl+Z" onClick={undo} disabled={!canUndo} />
        <Item action="redo" label={t('menu.redo')} shortcut="Ctrl+Shift+Z" onClick={redo} disabled={!canRedo} />
        <Item action="copy" label={t('menu.copy')} shortcut="Ctrl+C" onClick={() => store().copySelection()} disabled={!hasSelection} />
        <Item action="paste" label={t('menu.paste')} shortcut="Ctrl+V" onClick={() => store().paste()} />
        <Item action="duplicate" label={t('menu.duplicate')} shortcut="Ctrl+D" onClick={() => store().duplicate()} disabled={!hasSelection} />
        <Item action="selectAll" label={t('menu.selectAll')} shortcut="Ctrl+A" onClick={() => store().selectAll()} />
        <Item action="delete" label={t('menu.delete')} shortcut="Del" onClick={() => store().removeSelection()} disabled={!hasSelection} />
        <Item action="autoLayout" label={t('menu.autoLayout')} onClick={() => void autoLayout()} />
        <PatternBuilderMenuItem />
        <MakeBlockMenuItem />
        <RepeatMenuItem />
        <Item action="fitView" label={t('menu.fitView')} onClick={() => fit({ duration: 200 })} />
      </Menu>
      <span className="doc-title" data-testid="doc-title" title={filePath}>
        {name || t('app.untitled')} {dirty && <span className="muted">{t('app.unsavedMark')}</span>}
      </span>
      <span className="spacer" />
      <button className="btn" data-testid="menu-theme" onClick={toggle} title={t('menu.theme')}>
        {theme === 'dark' ? t('menu.light') : t('menu.dark')}
      </button>
      <select data-testid="lang-select" aria-label={t('menu.language')} value={i18n.language} onChange={(e) => setLang(e.target.value as 'en' | 'ko')}>
        {LANGS.map((l) => (
          <option key={l} value={l}>
            {l === 'en' ? 'English' : '한국어'}
          </option>
        ))}
      </select>
    </header>
  );
}
