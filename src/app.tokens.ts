export const QUEUE_BACKEND_KIND = Symbol('QUEUE_BACKEND_KIND');
export const LOGGER = Symbol('LOGGER');
