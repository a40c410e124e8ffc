/** Lets the host's event loop run between heavy stages (a server keeps answering other clients). */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
