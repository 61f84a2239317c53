/** Filled by the connector and mapping work; kept so the workspace builds. */
export {};
