/** the series colours of the app's SVG charts (each with enough contrast on white, 3:1 and more) */
export const CHART_COLOURS = ['#1f4e8c', '#c0392b', '#2e7d32', '#8e44ad', '#b9770e', '#5d6d7e'];

/** the colour of the j-th series (the colours repeat past the last) */
export const chartColour = (j: number): string => CHART_COLOURS[j % CHART_COLOURS.length] ?? '#1f4e8c';
