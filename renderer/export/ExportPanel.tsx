// Placeholder until the export feature writes its panel.
export default function ExportPanel() {
  return <h2>Export</h2>;
}
