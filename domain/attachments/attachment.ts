/**
 * Files kept with records (issue 17): which types are accepted, the limits, the record a
 * file belongs to, and how a viewer gets it. The bytes live in a content-addressed store
 * (BlobStore, keyed by SHA-256); each file sent is a row naming its hash, type, size and
 * uploader, and — once the record is submitted — that record.
 */
import type { Complaint } from '../complaint';
import { canSeeIdentity, canView } from '../complaint-access';
import type { Actor } from '../roles';

export type FileKind = 'image' | 'pdf' | 'office' | 'audio' | 'video';

/**
 * The types accepted, as read from the content (file-type), never from the name. Images
 * only where their metadata can be removed for viewers who may not have it (JPEG, PNG,
 * WebP; GIF and BMP carry none); Office documents in their zipped formats only — the
 * older compound format (.doc, .xls) is also an installer's (.msi) and cannot be told apart.
 */
export const ALLOWED_TYPES: Readonly<Record<string, FileKind>> = {
  'image/jpeg': 'image', 'image/png': 'image', 'image/gif': 'image', 'image/webp': 'image', 'image/bmp': 'image',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'office',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'office',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'office',
  'application/vnd.oasis.opendocument.text': 'office',
  'application/vnd.oasis.opendocument.spreadsheet': 'office',
  'application/vnd.oasis.opendocument.presentation': 'office',
  'audio/mpeg': 'audio', 'audio/mp4': 'audio', 'audio/x-m4a': 'audio', 'audio/aac': 'audio', 'audio/amr': 'audio',
  'audio/ogg': 'audio', 'audio/ogg; codecs=opus': 'audio', 'audio/wav': 'audio', 'audio/flac': 'audio',
  'video/mp4': 'video', 'video/quicktime': 'video', 'video/webm': 'video', 'video/3gpp': 'video', 'video/matroska': 'video',
  'video/x-m4v': 'video', 'video/vnd.avi': 'video', 'video/mpeg': 'video',
};

/** The accepted types as a person reads them (in every refusal). */
export const ALLOWED_TEXT =
  '图片（JPG、PNG、GIF、WebP、BMP）、PDF、Office 文档（docx、xlsx、pptx 及 odt、ods、odp）、音频（MP3、M4A、AAC、AMR、OGG、WAV、FLAC）、视频（MP4、MOV、WebM、3GP、MKV、AVI、MPEG）';

export const kindOf = (mime: string): FileKind | null => ALLOWED_TYPES[mime] ?? null;

export interface AttachmentLimits {
  /** Bytes of one file. */
  maxFileBytes: number;
  /** Bytes of all the files of one record. */
  maxRecordBytes: number;
}

const MB = 1024 * 1024;
export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = { maxFileBytes: 20 * MB, maxRecordBytes: 200 * MB };

/** Files one message may carry (the web's multipart request; other platforms send one per message). */
export const MAX_FILES_PER_MESSAGE = 9;

/** “20 MB”, “1.5 MB”, “800 KB”: a size as a person reads it. */
export function formatBytes(n: number): string {
  if (n >= MB) return `${Number((n / MB).toFixed(n % MB === 0 ? 0 : 1))} MB`;
  if (n >= 1024) return `${Math.ceil(n / 1024)} KB`;
  return `${n} 字节`;
}

/** Why a received file is not kept: each reason is shown to the sender, naming the limit. */
export type Refusal =
  | { kind: 'empty'; name: string }
  | { kind: 'too-large'; name: string; limit: number }
  | { kind: 'type'; name: string; detected: string | null }
  | { kind: 'truncated'; name: string; detail: string }
  | { kind: 'unavailable'; name: string }
  | { kind: 'off'; name: string };

export function refusalText(r: Refusal): string {
  const f = `文件“${r.name}”`;
  switch (r.kind) {
    case 'empty':
      return `${f}是空文件，未保存。`;
    case 'too-large':
      return `${f}超过大小上限（每个文件不超过 ${formatBytes(r.limit)}），未保存。`;
    case 'type':
      return `${f}的类型不受支持（按文件内容识别为${r.detected ? ` ${r.detected}` : '未知类型'}，与文件名无关），未保存。可以发送：${ALLOWED_TEXT}。`;
    case 'truncated':
      return `${f}接收不完整（${r.detail}），未保存，请重新发送。`;
    case 'unavailable':
      return `${f}未能从平台下载，未保存，请稍后重新发送。`;
    case 'off':
      return `本系统未开启文件接收，${f}未保存。`;
  }
}

/**
 * The record a file belongs to once it is submitted. Issue 17's next steps (evidence items,
 * rectification reports, minutes, penalty decisions, dispute opinions)
 * each add one member here and its viewing rule in bot/attachments/owners.ts.
 */
export type AttachmentOwner =
  | { kind: 'complaint'; no: string }
  | { kind: 'transfer'; no: string }; // 案件移送's materials (YS-…)

/** A stored file: its bytes are the blob of `sha256`. `owner` is null until its record is submitted. */
export interface Attachment {
  id: number;
  sha256: string;
  size: number;
  mime: string;
  /** The name shown and offered on download: the sender's, with the extension of the detected type. */
  name: string;
  uploadedBy: number;
  uploadedAt: Date;
  owner: AttachmentOwner | null;
}

/** What a form keeps of a file in its draft (plain JSON in the dialogue state). */
export interface AttachmentRef {
  id: number;
  name: string;
  size: number;
  mime: string;
}

export const refOf = (a: Attachment): AttachmentRef => ({ id: a.id, name: a.name, size: a.size, mime: a.mime });

/**
 * How a viewer gets a file: as stored, or (images) without their metadata — EXIF and XMP
 * carry where and with which phone a photo was taken.
 */
export type FileView = 'original' | 'without-metadata';

/**
 * A complaint's files: to whoever may see the complaint (the one policy, domain/complaint-access.ts).
 * Our reading (README): the photos are not identity, but their location and device data can
 * point to the complainant, so images keep it only for those who may see the complainant's
 * identity — the complainant and the handling body known not to be accused; everyone else
 * (the accused body asked to assist, the supervising bureau, a forwarder, an administrator)
 * gets them without it. Fails closed: when unsure, stripped.
 */
export function complaintFileView(a: Actor, c: Complaint, justiceBureauId: number): FileView | null {
  if (!canView(a, c, justiceBureauId)) return null;
  return canSeeIdentity(a, c, justiceBureauId) ? 'original' : 'without-metadata';
}

/**
 * The name a viewer is shown and offered on download: the sender's own to those who may see
 * them (the original view); to everyone else a neutral one with the same extension — a file
 * name is written by its sender and can name them (「张三_投诉.jpg」), like the metadata above.
 */
export function shownName(a: { id: number; name: string }, view: FileView): string {
  if (view === 'original') return a.name;
  const dot = a.name.lastIndexOf('.');
  return `附件${a.id}${dot > 0 ? a.name.slice(dot) : ''}`;
}

/** A file name fit to show and to offer on download: no path, no control characters, the detected extension. */
export function safeName(given: string | undefined, ext: string, fallback: string): string {
  const base = (given ?? '')
    .replace(/^.*[\\/]/, '')
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
    .trim()
    .replace(/\.[A-Za-z0-9]{1,8}$/, '')
    .slice(0, 80);
  return `${base || fallback}.${ext}`;
}
