/** What `action` throws, or null: lets a test assert on the error's fields, not only its message. */
export function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return null;
}
