// One colour per compared run, the same in the curves, the legend and the table header.
export const RUN_COLORS = ['#5b9cff', '#f5b841', '#4cc38a', '#e5484d', '#a371f7', '#2bb5c9', '#e879b9', '#9aa0a6'];
export const runColor = (i: number) => RUN_COLORS[i % RUN_COLORS.length];
