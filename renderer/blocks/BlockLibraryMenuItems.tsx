// File → Export block library… / Import block library…: the same actions as My blocks' buttons.
import { useTranslation } from 'react-i18next';
import { useProjectStore } from '../store/projectStore';
import { exportBlockLibrary, importBlockLibrary } from './libraryActions';

export function BlockLibraryMenuItems() {
  const { t } = useTranslation('blockLibrary');
  const hasBlocks = useProjectStore((s) => (s.doc.graph.blocks?.length ?? 0) > 0);
  return (
    <>
      <button role="menuitem" className="menu-item" data-testid="menu-exportBlocks" disabled={!hasBlocks} title={t('exportTitle')} onClick={() => void exportBlockLibrary()}>
        <span>{t('menu.export')}</span>
      </button>
      <button role="menuitem" className="menu-item" data-testid="menu-importBlocks" title={t('importTitle')} onClick={() => void importBlockLibrary()}>
        <span>{t('menu.import')}</span>
      </button>
    </>
  );
}
