import { RouteAccessRule } from '@buendel/testing';

export const rules: RouteAccessRule[] = [{ route: 'GET /health', access: 'public' }];
