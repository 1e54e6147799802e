import { RouteAccessRule } from '@buendel/testing';

export const rules: RouteAccessRule[] = [
  { route: 'GET /health', access: 'public' },
  { route: 'GET /health/live', access: 'public' },
];
