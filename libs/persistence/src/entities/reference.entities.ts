import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** CPV 2008 main vocabulary */
@Entity('cpv_codes')
// trigram (GIN) indexes for the label search; operator classes are beyond TypeORM, so the migration makes them
@Index('IDX_cpv_codes_label_de_trgm', { synchronize: false })
@Index('IDX_cpv_codes_label_en_trgm', { synchronize: false })
export class CpvCodeEntity {
  /** with check digit, e.g. 31440000-2 */
  @PrimaryColumn({ type: 'text' })
  code!: string;

  /** the eight digits without the check digit */
  @Column({ type: 'char', length: 8, unique: true })
  digits!: string;

  @Column({ name: 'label_de', type: 'text' })
  labelDe!: string;

  @Column({ name: 'label_en', type: 'text' })
  labelEn!: string;

  /** division, group, class, category, subcategory */
  @Column({ type: 'text' })
  level!: string;

  @Index('IDX_cpv_codes_parent_code')
  @Column({ name: 'parent_code', type: 'text', nullable: true })
  parentCode!: string | null;
}

/** UN/ECE Recommendation 20 unit codes */
@Entity('units')
export class UnitEntity {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn!: string;

  @Column({ name: 'name_de', type: 'text', nullable: true })
  nameDe!: string | null;

  @Column({ type: 'text', nullable: true })
  symbol!: string | null;

  @Column({ name: 'level_category', type: 'text', nullable: true })
  levelCategory!: string | null;

  /** active, deprecated, deleted */
  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'is_common', type: 'boolean', default: false })
  isCommon!: boolean;
}

/** one row per loaded data set: a second load with the same checksum changes nothing */
@Entity('reference_data_loads')
export class ReferenceDataLoadEntity {
  @PrimaryColumn({ type: 'text' })
  dataset!: string;

  @Column({ type: 'text' })
  checksum!: string;

  @Column({ name: 'row_count', type: 'integer' })
  rowCount!: number;

  @Column({ name: 'loaded_at', type: 'timestamptz' })
  loadedAt!: Date;
}
