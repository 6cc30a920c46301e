// Placeholder until the training feature writes its panel.
export default function TrainingPanel() {
  return <h2>Training</h2>;
}
