import { ValidationTypes, getMetadataStorage } from 'class-validator';
import type { ValidationArguments } from 'class-validator';

// class-transformer's metadata (its @Type, @Transform, @Expose) is not exported by its index
const { defaultMetadataStorage } =
  require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');

/**
 * The valid case of a query DTO checked by plain code made once per class from its decorators,
 * instead of class-transformer's and class-validator's walk over their metadata on every request
 * (benchmark R3b: the global ValidationPipe on the market's query was ~6% of the API's CPU).
 *
 * It runs the very constraints class-validator would run (the same `validate` functions, in
 * the same order) on the same instance class-transformer would build, and answers only when
 * every field passes: an instance of the DTO, as the ValidationPipe would return it. Anything
 * else (a bad field, an unknown field, a repeated parameter, a value that is not a string) is
 * left to the ValidationPipe itself, so every 400 keeps its fields, reasons, codes and German
 * texts exactly as before.
 */
export type CompiledCheck = (input: unknown) => object | undefined;

interface CheckedProperty {
  name: string;
  toNumber: boolean;
  /** class-validator's conditions (IsOptional, ValidateIf): all true, or the field is not checked */
  conditions: Array<(object: object, value: unknown) => boolean>;
  constraints: Array<{ validate: (value: unknown, args: ValidationArguments) => unknown; constraints: unknown[] }>;
}

const CHECKS = new WeakMap<object, CompiledCheck>();

/** the compiled check of a DTO class marked @CompiledValidation(), if any */
export function compiledCheckOf(type: unknown): CompiledCheck | undefined {
  return typeof type === 'function' ? CHECKS.get(type) : undefined;
}

/**
 * Marks a query DTO whose valid case is checked by compiled code (see CompiledCheck). Throws at
 * start-up when the DTO uses a decorator the compiled check does not follow: such a DTO stays
 * with the ValidationPipe.
 */
export function CompiledValidation(): ClassDecorator {
  return (target) => {
    CHECKS.set(target, compileCheck(target as unknown as new () => object));
  };
}

/** whether a class or one of its ancestors defines `name` on its prototype (an accessor, a method) */
function onPrototypes(type: new () => object, name: string): boolean {
  for (
    let p = type.prototype as object | null;
    p && p !== Object.prototype;
    p = Object.getPrototypeOf(p) as object | null
  ) {
    if (Object.getOwnPropertyDescriptor(p, name)) return true;
  }
  return false;
}

/** Builds the check of `type` from the metadata of class-validator and class-transformer. */
export function compileCheck(type: new () => object): CompiledCheck {
  const storage = getMetadataStorage();
  // as the ValidationPipe asks for them: no groups, not `always`, not strict
  const metadatas = storage.getTargetValidationMetadatas(type, '', false, false);
  if (!metadatas.length) throw new Error(`${type.name}: no validation metadata to compile`);
  const byName = storage.groupByPropertyName(metadatas);
  const properties: CheckedProperty[] = Object.entries(byName).map(([name, list]) => {
    const property: CheckedProperty = { name, toNumber: false, conditions: [], constraints: [] };
    for (const m of list) {
      if (m.each || (m.groups && m.groups.length) || m.always || m.context) {
        throw new Error(`${type.name}.${name}: ${m.name ?? m.type} has options the compiled check does not follow`);
      }
      if (m.type === ValidationTypes.CONDITIONAL_VALIDATION) {
        property.conditions.push(m.constraints[0] as (object: object, value: unknown) => boolean);
      } else if (m.type === ValidationTypes.CUSTOM_VALIDATION || m.type === ValidationTypes.IS_DEFINED) {
        for (const c of storage.getTargetValidatorConstraints(m.constraintCls)) {
          if (c.async) throw new Error(`${type.name}.${name}: ${c.name} is async`);
          const instance = c.instance as { validate: CheckedProperty['constraints'][number]['validate'] };
          property.constraints.push({ validate: instance.validate.bind(instance), constraints: m.constraints });
        }
      } else if (m.type !== ValidationTypes.WHITELIST) {
        throw new Error(`${type.name}.${name}: ${m.type} is not followed by the compiled check`);
      }
    }
    if (
      defaultMetadataStorage.findTransformMetadatas(type, name, 0).length ||
      defaultMetadataStorage.findExposeMetadata(type, name) ||
      defaultMetadataStorage.findExcludeMetadata(type, name) ||
      onPrototypes(type, name)
    ) {
      throw new Error(`${type.name}.${name}: class-transformer options the compiled check does not follow`);
    }
    const typed = defaultMetadataStorage.findTypeMetadata(type, name);
    if (typed) {
      const to = typed.typeFunction();
      if (to === Number) property.toNumber = true;
      else if (to !== String) throw new Error(`${type.name}.${name}: @Type to ${String(to)} is not followed`);
    }
    return property;
  });
  const known = new Map(properties.map((p) => [p.name, p]));
  if (defaultMetadataStorage.getStrategy(type) !== 'none') {
    throw new Error(`${type.name}: a class-transformer strategy the compiled check does not follow`);
  }

  return (input: unknown): object | undefined => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined;
    const entity = new type() as Record<string, unknown>;
    for (const key of Object.keys(input)) {
      const property = known.get(key);
      const raw = (input as Record<string, unknown>)[key];
      // an unknown field, a repeated parameter (an array): the ValidationPipe names it
      if (!property || typeof raw !== 'string') return undefined;
      entity[key] = property.toNumber ? Number(raw) : raw;
    }
    for (const property of properties) {
      const value = entity[property.name];
      if (!property.conditions.every((condition) => condition(entity, value))) continue;
      for (const c of property.constraints) {
        const args: ValidationArguments = {
          targetName: type.name,
          property: property.name,
          object: entity,
          value,
          constraints: c.constraints,
        };
        if (c.validate(value, args) !== true) return undefined;
      }
    }
    return entity;
  };
}
