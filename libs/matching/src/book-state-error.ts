/** The book's internal structures disagree with each other: a bug, never a user error. */
export class BookStateError extends Error {
  override readonly name = 'BookStateError';
}
