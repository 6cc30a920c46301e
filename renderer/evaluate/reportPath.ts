// Where "Save report…" suggests writing: beside the project file, named after the project; a project never
// saved gets the name only (the dialog starts in its usual folder).
export function suggestedReportPath(projectPath: string | undefined, projectName: string, ext: 'html' | 'pdf'): { defaultPath?: string; defaultName: string } {
  const base = (projectName.trim() || 'model').replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-');
  const defaultName = `${base}-evaluation.${ext}`;
  if (!projectPath) return { defaultName };
  const cut = Math.max(projectPath.lastIndexOf('/'), projectPath.lastIndexOf('\\'));
  return cut < 0 ? { defaultName } : { defaultPath: `${projectPath.slice(0, cut + 1)}${defaultName}`, defaultName };
}
