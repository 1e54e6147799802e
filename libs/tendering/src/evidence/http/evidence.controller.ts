import { Controller, Delete, Get, Post, Query, Req, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AuthUser, CurrentUser, Role, Roles } from '@buendel/auth';
import { EVIDENCE_KINDS } from '@buendel/domain';
import { readFileUpload, StoredFiles, storedFileDownload, UuidParam } from '@buendel/http';
import { EvidenceService } from '../evidence.service';
import { EvidenceDto, EvidencePageDto, EvidenceQueryDto } from './evidence.dto';
import { evidenceError, EvidenceErrorCode } from '../evidence.exception';

/** A supplier's evidence profile: only its own organisation reads it. */
@ApiTags('evidence')
@Controller('suppliers/me/evidence')
export class EvidenceController {
  constructor(
    private readonly evidence: EvidenceService,
    private readonly files: StoredFiles,
  ) {}

  @Post()
  @Roles(Role.Supplier)
  @ApiOperation({
    summary: 'Add a piece of evidence (certificate, label, LkSG or battery document) with its file',
    description:
      'multipart/form-data: the fields kind, title (optional), issuer, number, validFrom, validTo (optional) and ' +
      'one file part `file`, a PDF, PNG or JPEG (told by its content) of at most EVIDENCE_MAX_BYTES (10 MiB).',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['kind', 'issuer', 'number', 'validFrom', 'file'],
      properties: {
        kind: { type: 'string', enum: [...EVIDENCE_KINDS] },
        title: { type: 'string' },
        issuer: { type: 'string' },
        number: { type: 'string' },
        validFrom: { type: 'string', format: 'date' },
        validTo: { type: 'string', format: 'date' },
        file: { type: 'string', format: 'binary' },
      },
    },
  })
  @ApiCreatedResponse({ type: EvidenceDto })
  @ApiBadRequestResponse({ description: 'every bad field at once, the file among them (not PDF, PNG or JPEG)' })
  @ApiPayloadTooLargeResponse({ description: 'the file is larger than EVIDENCE_MAX_BYTES: nothing stored' })
  @ApiUnsupportedMediaTypeResponse({ description: 'not multipart/form-data' })
  async create(@CurrentUser() user: AuthUser, @Req() request: FastifyRequest): Promise<EvidenceDto> {
    const upload = await readFileUpload(request, this.files, this.evidence.maxBytes, () =>
      evidenceError(
        EvidenceErrorCode.NotMultipart,
        'Send the evidence as multipart/form-data: its fields and one file part `file`',
        {
          errors: [
            {
              field: 'file',
              reason: 'is required (multipart/form-data with one file)',
              de: 'muss angegeben werden (multipart/form-data mit einer Datei)',
              code: 'REQUIRED',
            },
          ],
        },
      ),
    );
    return this.evidence.create(user, upload);
  }

  @Get()
  @Roles(Role.Supplier)
  @ApiOperation({ summary: 'Your evidence, newest first, each with its state today (valid, expiring, expired)' })
  @ApiOkResponse({ type: EvidencePageDto })
  list(@CurrentUser() user: AuthUser, @Query() query: EvidenceQueryDto): Promise<EvidencePageDto> {
    return this.evidence.list(user, query);
  }

  @Get(':id')
  @Roles(Role.Supplier)
  @ApiOperation({ summary: 'One piece of your evidence' })
  @ApiOkResponse({ type: EvidenceDto })
  @ApiNotFoundResponse({ description: 'no such evidence of your organisation' })
  get(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<EvidenceDto> {
    return this.evidence.get(user, id);
  }

  @Get(':id/file')
  @Roles(Role.Supplier)
  @ApiOperation({ summary: 'The file of a piece of your evidence' })
  @ApiProduces('application/pdf', 'image/png', 'image/jpeg')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'no such evidence of your organisation' })
  async file(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<StreamableFile> {
    const { row, stream } = await this.evidence.file(user, id);
    return storedFileDownload(row, stream);
  }

  @Delete(':id')
  @Roles(Role.Supplier)
  @ApiOperation({ summary: 'Withdraw a piece of evidence: new offers cannot refer to it, earlier ones keep it' })
  @ApiOkResponse({ type: EvidenceDto })
  @ApiNotFoundResponse({ description: 'no such evidence of your organisation' })
  withdraw(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<EvidenceDto> {
    return this.evidence.withdraw(user, id);
  }
}
