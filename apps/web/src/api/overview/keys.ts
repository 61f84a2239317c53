/** Query keys of the overview. */
export const overviewKeys = {
  all: ['overview'] as const,
  byDays: (days: number) => [...overviewKeys.all, days] as const,
};
