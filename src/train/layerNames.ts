// tfjs layer names: /^[A-Za-z0-9][-A-Za-z0-9._/]*$/ and unique in a model. The model builder and the
// exporters both name layers with this one rule, so exported weights are found by name.
export class LayerNames {
  private used = new Set<string>();
  take(raw: string): string {
    let base = raw.replace(/[^-A-Za-z0-9._]/g, '_');
    if (!/^[A-Za-z0-9]/.test(base)) base = `n${base}`;
    let name = base;
    for (let k = 2; this.used.has(name); k++) name = `${base}_${k}`;
    this.used.add(name);
    return name;
  }
}
