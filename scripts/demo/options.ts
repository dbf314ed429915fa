/** What the demo generator is asked for (generate.ts reads it, readme.ts writes it down). */
export interface GenerateOptions {
  out: string;
  seed?: number;
  units?: number;
  officers?: number;
  training?: number;
  cases?: number;
  reviews?: number;
  /** another region's rubric: write a small set for it (see region.ts) */
  rubric?: string;
  region?: string;
}
