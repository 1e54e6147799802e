import { Injectable } from '@nestjs/common';
import { NotFoundException, ValidationException } from '@buendel/errors';
import { Page, pageRequest } from '@buendel/http';
import { textSearchParams } from '../common/search-text';
import { CpvRecord, ReferenceDataRepository } from '../reference-data.repository';
import { cpvCodeSearch, parseCpvCode } from './cpv-code';
import { CpvCodeDetailDto, CpvCodeDto, CpvQueryDto } from './cpv.dto';

function toDto(r: CpvRecord): CpvCodeDto {
  return { code: r.code, labelDe: r.label_de, labelEn: r.label_en, level: r.level, parentCode: r.parent_code };
}

@Injectable()
export class CpvService {
  constructor(private readonly repo: ReferenceDataRepository) {}

  /**
   * Divisions without a search; a code or prefix gives the exact code, then the codes below
   * it; words give label matches (every word in the German or English label), ranked.
   * Only when no label contains the words does a fuzzy (trigram) search run, for typos:
   * it is the expensive part, and it only adds noise when there are real matches.
   */
  async search(query: CpvQueryDto): Promise<Page<CpvCodeDto>> {
    const request = pageRequest(query);
    const search = query.search;
    if (!search) return this.repo.cpvPage({ kind: 'divisions' }, request, toDto);
    const code = cpvCodeSearch(search);
    if (code) return this.repo.cpvPage({ kind: 'code', ...code }, request, toDto);
    const text = textSearchParams(search);
    const strict = await this.repo.cpvPage({ kind: 'words', text, fuzzy: false }, request, toDto);
    if (strict.total > 0) return strict;
    return this.repo.cpvPage({ kind: 'words', text, fuzzy: true }, request, toDto);
  }

  /** one code with its ancestors (division first) and its direct children */
  async get(input: string): Promise<CpvCodeDetailDto> {
    const parsed = parseCpvCode(input);
    if (!parsed) {
      throw new ValidationException(
        [
          {
            field: 'code',
            reason: 'must be a CPV code: 8 digits with an optional check digit, e.g. 31440000-2',
            code: 'IS_CPV_CODE',
          },
        ],
        'The CPV code is malformed',
      );
    }
    const row = await this.repo.cpvByDigits(parsed.digits);
    if (!row) throw new NotFoundException('CPV code', input.trim());
    if (parsed.checkDigit !== undefined && row.code !== `${parsed.digits}-${parsed.checkDigit}`) {
      throw new ValidationException(
        [
          {
            field: 'code',
            reason: `the check digit is wrong: the code is ${row.code}`,
            de: `die Prüfziffer ist falsch: der Code lautet ${row.code}`,
          },
        ],
        'The CPV code is malformed',
      );
    }
    const [path, children] = await Promise.all([
      this.repo.cpvAncestry(row.parent_code),
      this.repo.cpvChildren(row.code),
    ]);
    return { ...toDto(row), path: path.map(toDto), children: children.map(toDto) };
  }
}
