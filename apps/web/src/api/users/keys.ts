/** Query keys of user administration; `all` invalidates every user query. */
export const userKeys = {
  all: ['users'] as const,
  list: () => [...userKeys.all, 'list'] as const,
};
