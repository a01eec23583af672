import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';

/** Every transition may carry the version the client last saw; a mismatch is a 409. */
class VersionedDto {
  @ApiPropertyOptional({ description: 'the ticket version you acted on; 409 VERSION_CONFLICT if it changed since' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

export class NoteDto extends VersionedDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 2000)
  note?: string;
}

export class DispatchDto extends NoteDto {
  @ApiPropertyOptional({ description: 'defaults to the top routing suggestion' })
  @IsOptional()
  @IsUUID()
  leadDepartmentId?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  assistingDepartmentIds?: string[];
}

export class ReturnDto extends VersionedDto {
  @ApiProperty({ description: 'one of GET /api/v1/return-reasons' })
  @IsString()
  @Length(1, 64)
  reasonCode: string;

  @ApiProperty() @IsString() @Length(1, 2000)
  note: string;
}

export class ResolveDto extends VersionedDto {
  @ApiProperty({ description: 'what was done (办结 result), told to the caller' })
  @IsString()
  @Length(1, 5000)
  resolution: string;
}

export class ReasonDto extends VersionedDto {
  @ApiProperty() @IsString() @Length(1, 2000)
  reason: string;
}

export class MergeDto extends NoteDto {
  @ApiProperty({ description: 'number of the surviving ticket' })
  @IsString()
  @Length(1, 40)
  intoNumber: string;
}

export class ProgressNoteDto {
  @ApiProperty({ description: 'what happened on the ticket' }) @IsString() @Length(1, 2000)
  note: string;

  @ApiPropertyOptional({ default: false, description: 'public notes are what a caller texting for status reads' })
  @IsOptional()
  @IsBoolean()
  public?: boolean;
}
