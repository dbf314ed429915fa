/** A data folder (or column mapping file) that cannot be used at all. */
export class DataError extends Error {
  file?: string;
  constructor(message: string, file?: string) {
    super(message);
    this.name = "DataError";
    if (file !== undefined) this.file = file;
  }
}
