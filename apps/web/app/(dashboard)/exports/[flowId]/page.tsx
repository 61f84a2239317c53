import { ExportDetail } from '../_components/export-detail';

export const metadata = { title: 'Export · ml-connector' };

export default async function ExportPage({ params }: { params: Promise<{ flowId: string }> }) {
  const { flowId } = await params;
  return <ExportDetail flowId={flowId} />;
}
