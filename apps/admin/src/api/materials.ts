import type {
  Material,
  MaterialAttachment,
  MaterialCreate,
  MaterialDetail,
  MaterialList,
  MaterialListQuery,
  Placement,
  PlacementAdapt,
  PlacementDecline,
  PlacementPlace,
  PlacementTally,
  ReceivedMaterial,
  ReceivedMaterialList,
} from '@ritm/contracts/materials';
import { uploadFile, type UploadProgress } from './attachments.js';
import { request } from './client.js';

export type { Material, MaterialAttachment, MaterialCreate, MaterialDetail, Placement, PlacementTally, ReceivedMaterial };

const materialsOf = (orgId: string) => `/orgs/${orgId}/materials`;
const materialPath = (orgId: string, materialId: string) => `${materialsOf(orgId)}/${materialId}`;

/**
 * Materials down the tree (issue 15): what an organisation sends to those below it, what it
 * received from above, and each target's answer (placed, adapted, declined). A target answers
 * at its own address (`orgId` is the target's).
 */
export const materialsApi = {
  list: (orgId: string, query: MaterialListQuery = {}) => request<MaterialList>(materialsOf(orgId), { query: { ...query } }).then((r) => r.materials),
  received: (orgId: string) => request<ReceivedMaterialList>(`/orgs/${orgId}/received-materials`).then((r) => r.received),
  get: (orgId: string, materialId: string) => request<MaterialDetail>(materialPath(orgId, materialId)),
  create: (orgId: string, body: MaterialCreate) => request<Material>(materialsOf(orgId), { method: 'POST', body }),
  /** Withdraws a material (the version read): open placement tasks are cancelled, placed ones stay. */
  remove: (material: Pick<Material, 'orgId' | 'id' | 'version'>) => request<void>(materialPath(material.orgId, material.id), { method: 'DELETE', version: material.version }),
  upload: (orgId: string, materialId: string, file: File, onProgress: UploadProgress = () => {}) =>
    uploadFile<MaterialAttachment>(`${materialPath(orgId, materialId)}/attachments`, file, onProgress),
  /** Where the browser downloads a material's file (the session cookie goes with it). */
  href: (orgId: string, materialId: string, attachmentId: string) => `/api${materialPath(orgId, materialId)}/attachments/${attachmentId}`,
  place: (orgId: string, materialId: string, body: PlacementPlace) => request<unknown>(`${materialPath(orgId, materialId)}/place`, { method: 'POST', body }),
  adapt: (orgId: string, materialId: string, body: PlacementAdapt) => request<unknown>(`${materialPath(orgId, materialId)}/adapt`, { method: 'POST', body }),
  decline: (orgId: string, materialId: string, body: PlacementDecline) => request<unknown>(`${materialPath(orgId, materialId)}/decline`, { method: 'POST', body }),
};
