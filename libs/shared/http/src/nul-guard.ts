import { ArgumentMetadata, CanActivate, ExecutionContext, Injectable, PipeTransform } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { FastifyRequest } from 'fastify';
import { collectedFieldErrors, createValidationPipe, FieldError, ValidationException } from '@buendel/errors';
import { nulFieldsOf, nulRefused } from './input-limits';

interface RouteArgument {
  index: number;
  data?: string;
  pipes?: Array<PipeTransform | (new () => PipeTransform)>;
}

const CHECKED: Partial<Record<RouteParamtypes, ArgumentMetadata['type']>> = {
  [RouteParamtypes.BODY]: 'body',
  [RouteParamtypes.QUERY]: 'query',
  [RouteParamtypes.PARAM]: 'param',
};

/**
 * Refuses a request of an API route whose JSON body, query or path holds U+0000 (found by the
 * input limits' hook, registerInputLimits), before its handler runs, and names in the same 400
 * every other bad field the route's validation finds in its body, query and path: the same
 * checks the ValidationPipe and the parameters' pipes would make, so that one answer names them
 * all, not the null character first and the rest on the next try.
 */
@Injectable()
export class NulCharacterGuard implements CanActivate {
  private readonly pipe = createValidationPipe();

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const fields = nulFieldsOf(request);
    if (!fields) return true;
    throw nulRefused(fields, await this.otherFieldErrors(context, request));
  }

  /** what the validation of the handler's body, query and path arguments finds */
  private async otherFieldErrors(context: ExecutionContext, request: FastifyRequest): Promise<FieldError[]> {
    const handler = context.getHandler();
    const controller = context.getClass();
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler.name) ?? {}) as Record<
      string,
      RouteArgument
    >;
    const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, handler.name) ?? []) as unknown[];
    const errors: FieldError[] = [];
    for (const [key, arg] of Object.entries(args)) {
      const type = CHECKED[Number(key.split(':')[0]) as RouteParamtypes];
      if (!type) continue;
      const source = (type === 'body' ? request.body : type === 'query' ? request.query : request.params) as
        Record<string, unknown> | undefined;
      const metadata: ArgumentMetadata = {
        type,
        metatype: types[arg.index] as ArgumentMetadata['metatype'],
        ...(arg.data ? { data: arg.data } : {}),
      };
      let value: unknown = arg.data ? source?.[arg.data] : source;
      try {
        value = await this.pipe.transform(value, metadata);
        if (typeof value === 'object' && value !== null) errors.push(...collectedFieldErrors(value));
        for (const pipe of arg.pipes ?? []) {
          value = await (typeof pipe === 'function' ? new pipe() : pipe).transform(value, metadata);
        }
      } catch (e) {
        // what is no field error (a pipe that needs more than this) is left to the null character's refusal
        if (e instanceof ValidationException) errors.push(...(e.errors ?? []));
      }
    }
    return errors;
  }
}
