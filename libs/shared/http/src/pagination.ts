import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { normaliseSearch, SEARCH_MAX_LENGTH, SEARCH_MIN_LENGTH } from './search-input';

export const DEFAULT_PAGE_SIZE = 20;
/** a hard maximum: larger pages are refused (400), not silently cut */
export const MAX_PAGE_SIZE = 100;
/** beyond this a list is not browsed but searched; also keeps OFFSET sane */
export const MAX_PAGE = 10_000;

/** `page` and `pageSize` query parameters (1-based pages) */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1, description: '1-based page number' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;
}

/** a free-text `search` query parameter: trimmed, white space collapsed, empty means none */
export function SearchField(description: string, example?: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ minLength: SEARCH_MIN_LENGTH, maxLength: SEARCH_MAX_LENGTH, description, example }),
    IsOptional(),
    Transform(({ value }) => normaliseSearch(value)),
    IsString(),
    MinLength(SEARCH_MIN_LENGTH),
    MaxLength(SEARCH_MAX_LENGTH),
  );
}

export interface PageRequest {
  page: number;
  pageSize: number;
  limit: number;
  offset: number;
}

export function pageRequest(query: PageQueryDto): PageRequest {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
  return { page, pageSize, limit: pageSize, offset: (page - 1) * pageSize };
}

/** the pagination fields beside `items` in every list response */
export class PageMetaDto {
  @ApiProperty({ example: 1 })
  page!: number;

  @ApiProperty({ example: DEFAULT_PAGE_SIZE })
  pageSize!: number;

  @ApiProperty({ description: 'number of matching items over all pages', example: 45 })
  total!: number;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}
