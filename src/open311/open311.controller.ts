import { Controller, Get, Inject, Options, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { notFound } from '../common/domain-error.js';
import { CONTENT_TYPES, render, splitFormat, type O311Format, type O311Node } from './open311-format.js';
import { createdDocument, definitionDocument, discoveryDocument, requestsDocument, servicesDocument, tokenDocument } from './open311-documents.js';
import { postedParams } from './open311-params.js';
import { Open311Service } from './open311.service.js';

// not named Query: decorator metadata would then name the @Query decorator as the parameter's class
type QueryParams = Record<string, string | string[] | undefined>;
type RawRequest = FastifyRequest & { rawBody?: Buffer };

/** `a,b` and `x=a&x=b` alike, as the spec allows for its list filters. */
function listParam(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  return items.length ? items : undefined;
}

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): public reads, keyed posts. Each
 * resource is asked for with its format as a suffix (`services.xml`, `requests/T…json`); service
 * codes hold dots, so routes take the whole last segment and split the suffix off themselves.
 */
@ApiExcludeController()
@Public()
@Controller('open311')
export class Open311Controller {
  constructor(
    private readonly open311: Open311Service,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `/open311/discovery.xml|json`; the bare `/open311/v2` answers with it too, as the discovery spec suggests. */
  @Get(':file')
  async discovery(@Param('file') file: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { id, format } = splitFormat(file);
    if (id !== 'discovery' && file !== 'v2') throw notFound('NOT_FOUND', `No Open311 resource "${file}"; try discovery.xml`);
    // the Host the client used, not X-Forwarded-Host, which anyone can send and a cache may keep
    const base = this.config.sms.publicBaseUrl ?? `${req.protocol}://${req.headers.host ?? 'localhost'}`;
    this.send(reply, discoveryDocument(await this.open311.discovery(`${base}/open311/v2`)), format);
  }

  @Get('v2/:resource')
  async list(@Param('resource') resource: string, @Query() q: QueryParams, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { id, format } = splitFormat(resource);
    if (id === 'discovery') return this.discovery(resource, req, reply);
    this.open311.checkJurisdiction(one(q.jurisdiction_id));
    if (id === 'services') return this.send(reply, servicesDocument(await this.open311.services()), format);
    if (id === 'requests') {
      const rows = await this.open311.requests({
        serviceRequestIds: listParam(q.service_request_id),
        serviceCodes: listParam(q.service_code),
        startDate: one(q.start_date),
        endDate: one(q.end_date),
        statuses: listParam(q.status),
      });
      return this.send(reply, requestsDocument(rows, this.config.timeZone), format);
    }
    throw notFound('NOT_FOUND', `No Open311 resource "${resource}"; try services.xml or requests.xml`);
  }

  @Get('v2/services/:code')
  async definition(@Param('code') code: string, @Query() q: QueryParams, @Res() reply: FastifyReply): Promise<void> {
    const { id, format } = splitFormat(code);
    this.open311.checkJurisdiction(one(q.jurisdiction_id));
    const service = await this.open311.service(id);
    this.send(reply, definitionDocument(service.code, service.attributes), format);
  }

  @Get('v2/requests/:id')
  async request(@Param('id') requestId: string, @Query() q: QueryParams, @Res() reply: FastifyReply): Promise<void> {
    const { id, format } = splitFormat(requestId);
    this.open311.checkJurisdiction(one(q.jurisdiction_id));
    this.send(reply, requestsDocument([await this.open311.request(id)], this.config.timeZone), format);
  }

  @Get('v2/tokens/:token')
  async token(@Param('token') token: string, @Query() q: QueryParams, @Res() reply: FastifyReply): Promise<void> {
    const { id, format } = splitFormat(token);
    this.open311.checkJurisdiction(one(q.jurisdiction_id));
    const found = await this.open311.byToken(id);
    this.send(reply, tokenDocument(found.number, found.token), format);
  }

  @Post('v2/:resource')
  async create(@Param('resource') resource: string, @Req() req: RawRequest, @Query() q: QueryParams, @Res() reply: FastifyReply): Promise<void> {
    const { id, format } = splitFormat(resource);
    if (id !== 'requests') throw notFound('NOT_FOUND', `Requests are posted to requests.xml or requests.json, not "${resource}"`);
    const params = postedParams(req.rawBody, req.headers['content-type'], req.body, q);
    this.open311.checkJurisdiction(params.single.jurisdiction_id);
    const created = await this.open311.create(params);
    this.send(reply, createdDocument(created.number, created.notice), format, 201);
  }

  /** CORS preflight, for browser apps that post JSON or send their own headers. */
  @Options('*')
  preflight(@Res() reply: FastifyReply): void {
    void reply
      .status(204)
      .header('access-control-allow-origin', '*')
      .header('access-control-allow-methods', 'GET, POST, OPTIONS')
      .header('access-control-allow-headers', 'content-type')
      .header('access-control-max-age', '86400')
      .send();
  }

  private send(reply: FastifyReply, doc: O311Node, format: O311Format, status = 200): void {
    // public data: web 311 apps on other origins read it from the browser
    void reply.status(status).header('content-type', CONTENT_TYPES[format]).header('access-control-allow-origin', '*').send(render(doc, format));
  }
}
