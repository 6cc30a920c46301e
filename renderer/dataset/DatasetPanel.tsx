// Placeholder until the datasets feature writes its panel.
export default function DatasetPanel() {
  return <h2>Dataset</h2>;
}
