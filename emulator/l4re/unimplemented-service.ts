import { Kobject } from '../kernel/kobject';

/**
 * A capability the real system hands out whose protocol we do not serve yet: every invocation answers
 * -L4_ENOSYS (the Kobject default), so a program gets a clean error instead of a crash.
 */
export class UnimplementedService extends Kobject {
  constructor(readonly kind: string, name: string) {
    super(name);
  }

  override describe(): Array<{ name: string; value: string }> {
    return [{ name: 'status', value: 'not implemented yet: invocations return -L4_ENOSYS' }];
  }
}
