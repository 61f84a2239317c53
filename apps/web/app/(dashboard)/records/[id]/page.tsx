import { RecordDetailView } from '../_components/record-detail';

export const metadata = { title: 'Record · ml-connector' };

export default async function RecordPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RecordDetailView id={id} />;
}
