/** Query keys of the system registry; `all` invalidates it. */
export const systemKeys = {
  all: ['systems'] as const,
  list: () => [...systemKeys.all, 'list'] as const,
};
