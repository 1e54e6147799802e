import { AsyncLocalStorage } from 'node:async_hooks';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';

export interface RequestContext {
  requestId?: string;
  userId?: string;
  organisationId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** who is acting, and in which request: read by the audit log */
export function currentRequestContext(): RequestContext {
  return storage.getStore() ?? {};
}

export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** Binds the request id and the signed-in user to everything the handler does. */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{
      id?: string;
      raw?: { id?: string };
      user?: { id: string; organisationId: string };
    }>();
    const ctx: RequestContext = {
      requestId: request.raw?.id ?? request.id,
      userId: request.user?.id,
      organisationId: request.user?.organisationId,
    };
    return new Observable((subscriber) =>
      storage.run(ctx, () => {
        const sub = next.handle().subscribe(subscriber);
        return () => sub.unsubscribe();
      }),
    );
  }
}
