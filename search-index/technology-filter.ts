import { TECHNOLOGY_FIELDS } from '../analyzers';
import { InvalidQueryError } from './errors';
import type { SearchRequest } from './search-index';

/** Field numbers a request filters on: `field`, or every field of `sector`. */
export function technologyFieldFilter(req: SearchRequest): number[] {
  if (req.field !== undefined) return [req.field];
  if (req.sector !== undefined) {
    const numbers = TECHNOLOGY_FIELDS.filter(
      (t) => t.sector.toLowerCase() === req.sector!.toLowerCase(),
    ).map((t) => t.number);
    if (numbers.length === 0) {
      throw new InvalidQueryError(
        `sector must be one of ${[...new Set(TECHNOLOGY_FIELDS.map((t) => t.sector))].join(', ')}`,
      );
    }
    return numbers;
  }
  return [];
}
