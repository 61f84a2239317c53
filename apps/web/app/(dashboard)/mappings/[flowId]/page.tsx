import { MappingView } from '../_components/mapping-view';

export const metadata = { title: 'Mapping · ml-connector' };

export default async function MappingPage({ params }: { params: Promise<{ flowId: string }> }) {
  const { flowId } = await params;
  return <MappingView flowId={flowId} />;
}
