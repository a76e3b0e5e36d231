/** The most telling message of a failed request (undici hides the socket error in `cause`). */
export function causeOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return (error.cause as Error | undefined)?.message ?? error.message;
}
